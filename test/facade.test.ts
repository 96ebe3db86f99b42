// The engine has one public face: the fronts (CLI, extension, editor logic) reach it only through
// src/engine/index.ts and the wire types in src/protocol, and src/protocol depends on no engine module. The
// extension host's bundle stays free of TensorFlow.js and onnxruntime (it loads them in the training process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const SRC = path.join(__dirname, '..', 'src');

function sources(p: string): string[] {
  if (fs.statSync(p).isFile()) return p.endsWith('.ts') ? [p] : [];
  return fs.readdirSync(p).flatMap((name) => sources(path.join(p, name)));
}

/** The files a module imports, resolved. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^'";]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => path.normalize(path.join(path.dirname(file), m[1])));
}

const inEngine = (p: string) => p === path.join(SRC, 'engine') || p.startsWith(path.join(SRC, 'engine') + path.sep);

test('the CLI, the extension and src/ide reach the engine only through src/engine/index.ts', () => {
  const fronts = ['cli', 'extension', 'extension.ts', 'ide'].flatMap((p) => sources(path.join(SRC, p)));
  assert.ok(fronts.length > 40, String(fronts.length));
  const reaching = fronts.flatMap((f) => importsOf(f).filter((i) => inEngine(i) && i !== path.join(SRC, 'engine') && i !== path.join(SRC, 'engine', 'index')).map((i) => `${path.relative(SRC, f)} → ${path.relative(SRC, i)}`));
  assert.deepEqual(reaching, []);
});

test('src/protocol depends on no engine module', () => {
  const reaching = sources(path.join(SRC, 'protocol')).flatMap((f) => importsOf(f).filter(inEngine).map((i) => `${path.relative(SRC, f)} → ${path.relative(SRC, i)}`));
  assert.deepEqual(reaching, []);
});

test('the extension bundle built through the facade loads neither TensorFlow.js nor onnxruntime', async () => {
  const result = await esbuild.build({
    entryPoints: [path.join(SRC, 'extension.ts')], bundle: true, platform: 'node', format: 'cjs', packages: 'external', external: ['vscode'], write: false, logLevel: 'silent', outfile: 'extension.js',
  });
  const code = result.outputFiles[0].text;
  assert.ok(code.length > 10_000, 'the bundle was built');
  assert.doesNotMatch(code, /require\("@tensorflow\/tfjs/);
  assert.doesNotMatch(code, /require\("onnxruntime-node"\)/);
});
