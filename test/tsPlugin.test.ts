// The TypeScript server plugin (ts-plugin/) gives model files the types of 'modellab' and '@tensorflow/tfjs'
// in a workspace that has neither installed. Drives the real tsserver the way VS Code does: global plugin
// `modellab-typescript-plugin`, probed for in the extension's folder (its node_modules), over workspaces in
// the OS temp folder, outside this repository, so nothing resolves from the repo's node_modules by accident.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '..');
const sample = path.join(repo, 'samples', 'digits-mlp.model.ts');
const typings = path.join(repo, 'dist', 'types', 'modellab.d.ts');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-tsplugin-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

// tsserver also looks for global plugins next to its own install (<typescript>/../..), which for the repo's
// copy is the repo's node_modules. Run it through a link, with symlinks preserved, so that the plugin is
// found only where --pluginProbeLocations says, as with VS Code's own tsserver.
const tsserver = path.join(work, 'ts', 'node_modules', 'typescript', 'lib', 'tsserver.js');
fs.mkdirSync(path.join(work, 'ts', 'node_modules'), { recursive: true });
// MODELLAB_TEST_TYPESCRIPT=<folder of another typescript package> runs the tsserver tests on that version
// (e.g. a TypeScript 4.x, whose hosts use resolveModuleNames instead of resolveModuleNameLiterals).
const typescript = process.env.MODELLAB_TEST_TYPESCRIPT ?? path.join(repo, 'node_modules', 'typescript');
fs.symlinkSync(typescript, path.join(work, 'ts', 'node_modules', 'typescript'), 'junction');

if (!fs.existsSync(typings)) {
  // Normally made by `npm run build:typings` (part of the build).
  const built = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build-typings.mjs')], { cwd: repo, encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
}

const BROKEN = `import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';
import { nothing } from 'no-such-package-anywhere';

export const broken = experiment({
  name: 1,
  data: datasets.iris(),
  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3 })] }),
  loss: 'nope',
});
`;

const COMPLETIONS = `import * as tf from '@tensorflow/tfjs';
export const layer = tf.layers.dense;
`;

/** A minimal tsserver client (Content-Length framed JSON on stdout, one JSON request per line on stdin). */
class TsServer {
  private readonly proc: ChildProcessWithoutNullStreams;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, { resolve: (body: any) => void; reject: (error: Error) => void }>();
  private stderr = '';

  constructor(args: string[], readonly logFile: string) {
    this.proc = spawn(
      process.execPath,
      ['--preserve-symlinks', '--preserve-symlinks-main', tsserver, '--disableAutomaticTypingAcquisition', '--logVerbosity', 'verbose', '--logFile', logFile, ...args],
      { stdio: 'pipe' },
    );
    this.proc.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    // What VS Code sets for files outside any tsconfig (js/ts.implicitProjectConfig defaults): without it
    // tsserver assumes ES5 and flags Array.from and the like, which VS Code users never see.
    this.send('compilerOptionsForInferredProjects', {
      options: { target: 'ES2020', module: 'ESNext', moduleResolution: 'Node', allowJs: true, allowSyntheticDefaultImports: true, allowNonTsExtensions: true, resolveJsonModule: true, strictNullChecks: true, strictFunctionTypes: true },
    });
    this.proc.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`tsserver exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  private parse(): void {
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8'));
      this.buffer = this.buffer.subarray(start + length);
      if (message.type !== 'response') continue;
      const waiting = this.pending.get(message.request_seq);
      if (!waiting) continue;
      this.pending.delete(message.request_seq);
      if (message.success) waiting.resolve(message.body);
      else waiting.reject(new Error(`${message.command}: ${message.message}`));
    }
  }

  /** Sends a command that tsserver does not answer (open). */
  send(command: string, args: unknown): void {
    this.proc.stdin.write(JSON.stringify({ seq: ++this.seq, type: 'request', command, arguments: args }) + '\n');
  }

  request<T = any>(command: string, args: unknown): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.proc.stdin.write(JSON.stringify({ seq, type: 'request', command, arguments: args }) + '\n');
    });
  }

  open(file: string, projectRootPath: string): void {
    this.send('open', { file, projectRootPath });
  }

  /** Syntactic and semantic diagnostics of a file, as `code: text` lines. */
  async diagnostics(file: string): Promise<string[]> {
    const syntactic = await this.request<Diagnostic[]>('syntacticDiagnosticsSync', { file });
    const semantic = await this.request<Diagnostic[]>('semanticDiagnosticsSync', { file });
    return [...syntactic, ...semantic].map((d) => `TS${d.code}: ${d.text}`);
  }

  /** 1-based line and offset just after the first `marker` in `file` (or at it, with `at: 'start'`). */
  static position(file: string, marker: string, at: 'start' | 'end' = 'end') {
    const text = fs.readFileSync(file, 'utf8');
    const index = text.indexOf(marker);
    assert.ok(index >= 0, `${marker} not in ${file}`);
    const before = text.slice(0, at === 'end' ? index + marker.length : index).split('\n');
    return { file, line: before.length, offset: before[before.length - 1].length + 1 };
  }

  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      this.proc.on('exit', () => resolve());
      this.send('exit', {});
      setTimeout(() => this.proc.kill(), 5000).unref();
    });
  }
}

interface Diagnostic {
  code: number;
  text: string;
}

/** A user's workspace: the digits sample, a file with deliberate type errors, one for completions. */
function workspace(name: string, extra: Record<string, string> = {}) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const files = {
    sample: path.join(dir, 'digits-mlp.model.ts'),
    broken: path.join(dir, 'broken.model.ts'),
    completions: path.join(dir, 'completions.model.ts'),
  };
  fs.copyFileSync(sample, files.sample);
  fs.writeFileSync(files.broken, BROKEN);
  fs.writeFileSync(files.completions, COMPLETIONS);
  for (const [file, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return { dir, ...files };
}

/** Copies the package.json and .d.ts files under `from` (following no links), like a types-only install. */
function copyTypes(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) copyTypes(source, path.join(to, entry.name));
    else if (entry.isFile() && (entry.name === 'package.json' || entry.name.endsWith('.d.ts'))) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, path.join(to, entry.name));
    }
  }
}

function startServer(name: string, pluginArgs: string[]): TsServer {
  return new TsServer(pluginArgs, path.join(work, `${name}.tsserver.log`));
}

const withPlugin = (probe: string) => ['--globalPlugins', 'modellab-typescript-plugin', '--pluginProbeLocations', probe];

/** What every workspace with the plugin must show: clean sample, real types, the deliberate errors. */
async function assertFullIntelliSense(server: TsServer, ws: ReturnType<typeof workspace>) {
  for (const file of [ws.sample, ws.broken, ws.completions]) server.open(file, ws.dir);

  const sampleDiagnostics = await server.diagnostics(ws.sample);
  assert.deepEqual(sampleDiagnostics, [], 'the sample has no errors');

  const hover = await server.request('quickinfo', TsServer.position(ws.sample, 'import { experiment', 'end'));
  assert.match(hover.displayString, /function experiment\(config: ExperimentConfig\): Experiment/);

  const sequential = await server.request('quickinfo', TsServer.position(ws.sample, 'tf.sequential', 'end'));
  assert.match(sequential.displayString, /sequential\(config\?: (tf\.)?SequentialArgs( \| undefined)?\): (tf\.)?Sequential\b/);

  const completions = await server.request('completionInfo', TsServer.position(ws.completions, 'tf.layers.', 'end'));
  const names = (completions.entries as { name: string }[]).map((e) => e.name);
  assert.ok(names.includes('dense'), `completions after tf.layers. include dense (got ${names.slice(0, 20).join(', ')}...)`);
  assert.ok(names.includes('conv2d'));

  const brokenDiagnostics = await server.diagnostics(ws.broken);
  assert.ok(!brokenDiagnostics.some((d) => /Cannot find module '(modellab|@tensorflow\/tfjs)'/.test(d)), brokenDiagnostics.join('\n'));
  // The deliberate errors are reported: the types are real, not `any`.
  assert.ok(brokenDiagnostics.some((d) => d.startsWith('TS2322') && d.includes("Type 'number' is not assignable to type 'string'")), brokenDiagnostics.join('\n'));
  assert.ok(brokenDiagnostics.some((d) => d.startsWith('TS2322') && d.includes(`Type '"nope"' is not assignable to type 'LossName'`)), brokenDiagnostics.join('\n'));
  // Other missing packages stay errors: the plugin resolves only its own names.
  assert.ok(brokenDiagnostics.some((d) => d.includes("Cannot find module 'no-such-package-anywhere'")), brokenDiagnostics.join('\n'));
  assert.equal(brokenDiagnostics.length, 3, brokenDiagnostics.join('\n'));
}

/** Where `experiment` and `tf.sequential` in the sample are declared. */
async function definitions(server: TsServer, ws: ReturnType<typeof workspace>) {
  const experiment = await server.request<{ file: string }[]>('definition', TsServer.position(ws.sample, 'import { experiment', 'end'));
  const sequential = await server.request<{ file: string }[]>('definition', TsServer.position(ws.sample, 'tf.sequential', 'end'));
  return { experiment: experiment.map((d) => path.resolve(d.file)), sequential: sequential.map((d) => path.resolve(d.file)) };
}

test('the plugin type-checks against the typescript API', () => {
  const tsc = spawnSync(process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(repo, 'ts-plugin', 'tsconfig.json')], { encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('the extension links the plugin package into its node_modules', () => {
  const resolved = require.resolve('modellab-typescript-plugin', { paths: [repo] });
  assert.equal(fs.realpathSync(resolved), path.join(repo, 'ts-plugin', 'index.js'));
});

test('without the plugin, a model file cannot find modellab or tfjs (the workspace has nothing installed)', { timeout: 120_000 }, async () => {
  const ws = workspace('no-plugin');
  const server = startServer('no-plugin', []);
  try {
    server.open(ws.sample, ws.dir);
    const diagnostics = await server.diagnostics(ws.sample);
    assert.ok(diagnostics.some((d) => d.includes("Cannot find module 'modellab'")), diagnostics.join('\n'));
    assert.ok(diagnostics.some((d) => d.includes("Cannot find module '@tensorflow/tfjs'")), diagnostics.join('\n'));
  } finally {
    await server.close();
  }
});

test('with the plugin from this checkout, model files get full IntelliSense and real errors', { timeout: 120_000 }, async () => {
  const ws = workspace('dev');
  const server = startServer('dev', withPlugin(repo));
  try {
    await assertFullIntelliSense(server, ws);
    const where = await definitions(server, ws);
    assert.deepEqual(where.experiment, [path.join(repo, 'dist', 'types', 'sdk', 'index.d.ts')]);
    assert.ok(where.sequential.every((f) => f.startsWith(path.join(repo, 'node_modules', '@tensorflow', 'tfjs-layers') + path.sep)), where.sequential.join());
    assert.match(server.log(), new RegExp(`\\[modellab-typescript-plugin\\] loaded for .*extension root: ${escape(repo)}\\n`));

    // Every sample model file type-checks the same way (the faulty ones are faulty in training, not in types).
    // Samples use no Node modules or globals: Node's types (@types/node) are not something the plugin
    // supplies, so in a bare workspace (the samples folder opened on its own) those would show errors.
    const unclean: string[] = [];
    for (const folder of ['samples', path.join('samples', 'faulty')]) {
      for (const name of fs.readdirSync(path.join(repo, folder)).filter((f) => f.endsWith('.model.ts'))) {
        const copy = path.join(ws.dir, folder, name);
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        fs.copyFileSync(path.join(repo, folder, name), copy);
        server.open(copy, ws.dir);
        for (const d of await server.diagnostics(copy)) unclean.push(`${folder}/${name}: ${d}`);
      }
    }
    assert.deepEqual(unclean, []);
  } finally {
    await server.close();
  }
});

let installed: string | undefined;
/** Model Lab laid out like <extensions>/modellab.modellab-0.1.0 after installing the .vsix (made once). */
function installedExtension(): string {
  if (installed) return installed;
  const ext = path.join(work, 'extension');
  fs.mkdirSync(ext, { recursive: true });
  fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify({ name: 'modellab', version: '0.1.0' }));
  copyTypes(path.join(repo, 'dist', 'types'), path.join(ext, 'dist', 'types'));
  const plugin = path.join(ext, 'node_modules', 'modellab-typescript-plugin');
  fs.mkdirSync(plugin, { recursive: true });
  for (const file of ['package.json', 'index.js']) fs.copyFileSync(path.join(repo, 'ts-plugin', file), path.join(plugin, file));
  // As .vscodeignore packs them: tfjs's declarations (with their nested node_modules) and @webgpu/types,
  // but no top-level @types.
  for (const pkg of ['@tensorflow', '@webgpu']) copyTypes(path.join(repo, 'node_modules', pkg), path.join(ext, 'node_modules', pkg));
  return (installed = ext);
}

for (const [kind, extra] of [
  ['a Bundler tsconfig project', { 'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true } }) }],
  ['a NodeNext ES module project', {
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true } }),
    'package.json': JSON.stringify({ type: 'module' }),
  }],
] as const) {
  test(`with the plugin of an installed extension (package.json, dist/types, node_modules), in ${kind}`, { timeout: 180_000 }, async () => {
    const ext = installedExtension();
    const name = `installed-${kind.split(' ')[1]}`;
    const ws = workspace(name, extra);
    const server = startServer(name, withPlugin(ext));
    try {
      await assertFullIntelliSense(server, ws);
      const where = await definitions(server, ws);
      assert.deepEqual(where.experiment, [path.join(ext, 'dist', 'types', 'sdk', 'index.d.ts')]);
      assert.ok(where.sequential.every((f) => f.startsWith(path.join(ext, 'node_modules', '@tensorflow', 'tfjs-layers') + path.sep)), where.sequential.join());
      assert.match(server.log(), new RegExp(`extension root: ${escape(ext)}\\n`));
    } finally {
      await server.close();
    }
  });
}

test("a workspace's own tfjs wins, for the model file and for Model Lab's typings", { timeout: 180_000 }, async () => {
  const ws = workspace('own-tfjs');
  // A different version than the extension's, so TypeScript cannot merge the two copies: were the typings
  // to keep the extension's tfjs, `model: () => tf.sequential(...)` would not match their `tf.LayersModel`.
  for (const pkg of ['@tensorflow', '@webgpu', '@types']) copyTypes(path.join(repo, 'node_modules', pkg), path.join(ws.dir, 'node_modules', pkg));
  for (const pkg of fs.readdirSync(path.join(ws.dir, 'node_modules', '@tensorflow'))) {
    const manifest = path.join(ws.dir, 'node_modules', '@tensorflow', pkg, 'package.json');
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifest, 'utf8')), version: '4.21.99' }));
  }
  const server = startServer('own-tfjs', withPlugin(repo));
  try {
    await assertFullIntelliSense(server, ws);
    const where = await definitions(server, ws);
    assert.ok(where.sequential.every((f) => f.startsWith(path.join(ws.dir, 'node_modules') + path.sep)), where.sequential.join());
    const info = await server.request<{ fileNames: string[] }>('projectInfo', { file: ws.sample, needFileNameList: true });
    const fromRepo = info.fileNames.filter((f) => path.resolve(f).startsWith(path.join(repo, 'node_modules', '@tensorflow')));
    assert.deepEqual(fromRepo, [], "no tfjs typings from the extension's node_modules");
  } finally {
    await server.close();
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
