#!/usr/bin/env node
// Builds what the real-VS-Code tests run:
//   1. the extension itself (`npm run build`) unless --suite-only,
//   2. the mocha suite test/vscode/suite/index.ts -> out/test/suite/index.js (one CommonJS bundle inside the
//      extension folder, as VS Code requires of extensionTestsPath; `vscode` and `mocha` stay external),
//   3. a type check of test/vscode (tsc -p test/vscode/tsconfig.json --noEmit).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { paths, log, elapsed } from './common.mjs';

const started = Date.now();
const suiteOnly = process.argv.includes('--suite-only');
const noTypecheck = process.argv.includes('--no-typecheck');

if (!suiteOnly) {
  log('build: extension (npm run build)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: paths.repo, stdio: 'inherit' });
}

log(`build: suite -> ${path.relative(paths.repo, paths.suiteOut)}`);
fs.rmSync(path.dirname(paths.suiteOut), { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join(paths.repo, 'test', 'vscode', 'suite', 'index.ts')],
  outfile: paths.suiteOut,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

if (!noTypecheck) {
  log('build: type check (tsc -p test/vscode/tsconfig.json --noEmit)');
  const tsc = path.join(paths.repo, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join('test', 'vscode', 'tsconfig.json'), '--noEmit'], { cwd: paths.repo, stdio: 'inherit' });
}
if (!fs.existsSync(path.join(paths.repo, 'dist', 'extension.js'))) {
  log('build: WARNING dist/extension.js does not exist (src/extension.ts not built): the suite will fail to find the extension');
}
log(`build: done in ${elapsed(started)}`);
