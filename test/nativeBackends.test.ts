// Native backends found on demand: where they are looked for, which copy wins, what a copy that does not fit
// or cannot load is reported as, and the backend report of this machine (no libtensorflow, no GPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backendsDir, loadNativePackage, locatePackage, resolveNative, searchPlaces, tfjsVersion } from '../src/engine/backend/nativePackages';
import { activateBackend } from '../src/engine/backend/select';

const ROOT = path.join(__dirname, '..');

/** A folder holding node_modules/<id> with this package.json version and index.js. */
function fakePackage(root: string, id: string, version: string, index = 'module.exports = {};'): string {
  const dir = path.join(root, 'node_modules', ...id.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: id, version, main: 'index.js' }));
  fs.writeFileSync(path.join(dir, 'index.js'), index);
  return dir;
}

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `modellab-${name}-`));

test('native backends are looked for in the per-user folder, then the workspace, then Model Lab', () => {
  assert.equal(backendsDir({}), path.join(os.homedir(), '.modellab', 'backends'));
  assert.equal(backendsDir({ MODELLAB_BACKENDS_DIR: '/opt/ml-backends' }), '/opt/ml-backends');
  const places = searchPlaces('/some/workspace', { MODELLAB_BACKENDS_DIR: '/opt/ml-backends' });
  assert.deepEqual(places.map((p) => p.source), ['user', 'user', 'workspace', 'modellab']);
  // The install folder first, then the CLI's own (a backend the CLI installed serves the editor too).
  assert.deepEqual(places.map((p) => p.dir).slice(0, 3), ['/opt/ml-backends', path.join(os.homedir(), '.modellab', 'backends'), '/some/workspace']);
  assert.deepEqual(searchPlaces(undefined, {}).map((p) => p.source), ['user', 'modellab'], 'the default folder is searched once');
  // The user's copy wins over the workspace's.
  const user = tmp('user');
  const workspace = tmp('ws');
  fakePackage(user, '@tensorflow/tfjs-node', tfjsVersion());
  fakePackage(workspace, '@tensorflow/tfjs-node', '4.0.0');
  const found = locatePackage('@tensorflow/tfjs-node', searchPlaces(workspace, { MODELLAB_BACKENDS_DIR: user }));
  assert.equal(found?.source, 'user');
  assert.equal(found?.version, tfjsVersion());
});

test('a CUDA library that libtensorflow cannot open is named with the versions it needs', () => {
  const { describeNativeLoadFailure } = require('../src/engine/backend/nativePackages') as typeof import('../src/engine/backend/nativePackages');
  const reason = describeNativeLoadFailure({ id: '@tensorflow/tfjs-node-gpu', source: 'user', dir: '/u/node_modules/@tensorflow/tfjs-node-gpu', version: tfjsVersion() },
    new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory'));
  assert.match(reason, /^CUDA library missing: libcudart\.so\.11\.0 .*CUDA 11\.2 and cuDNN 8\.1/);
});

test('a native backend built for another tfjs is refused before it loads, naming both versions and the fix', () => {
  const user = tmp('mismatch');
  fakePackage(user, '@tensorflow/tfjs-node', '4.10.0', 'throw new Error("must not be loaded")');
  const r = resolveNative('tensorflow', undefined, { MODELLAB_BACKENDS_DIR: user });
  assert.equal(r.ok, false);
  assert.ok(!r.ok && /version mismatch: @tensorflow\/tfjs-node 4\.10\.0 .* Model Lab trains with 4\.22\.0/.test(r.reason), !r.ok ? r.reason : '');
  assert.ok(!r.ok && r.reason.includes(`@tensorflow/tfjs-node@${tfjsVersion()}`));
});

test('a native package installed without its download is reported as libtensorflow missing, with the path', async () => {
  const user = tmp('nobinding');
  const binding = path.join(user, 'node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node');
  // tfjs-node's own words when its install script did not run.
  fakePackage(user, '@tensorflow/tfjs-node', tfjsVersion(), `throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: ${binding}. \\nPlease run command \\'npm rebuild @tensorflow/tfjs-node\\'');`);
  const saved = process.env.MODELLAB_BACKENDS_DIR;
  process.env.MODELLAB_BACKENDS_DIR = user;
  try {
    const reason = await activateBackend('tensorflow');
    assert.match(reason ?? '', /^libtensorflow missing: @tensorflow\/tfjs-node 4\.22\.0/);
    assert.ok(reason?.includes(binding), reason);
    assert.match(reason ?? '', /needs internet access/);
  } finally {
    if (saved === undefined) delete process.env.MODELLAB_BACKENDS_DIR;
    else process.env.MODELLAB_BACKENDS_DIR = saved;
  }
});

test('a native package loaded from another folder shares Model Lab\'s TensorFlow.js, not the copy installed beside it', () => {
  const user = tmp('shared');
  // Its own tfjs-core copy, which must not be the one it gets.
  fakePackage(user, '@tensorflow/tfjs-core', tfjsVersion(), 'module.exports = { imposter: true };');
  const dir = fakePackage(user, '@tensorflow/tfjs-node', tfjsVersion(), "globalThis.__modellabNativeCore = require('@tensorflow/tfjs-core'); globalThis.__modellabNativeOther = require('./other');");
  fs.writeFileSync(path.join(dir, 'other.js'), 'module.exports = 7;');
  loadNativePackage({ id: '@tensorflow/tfjs-node', source: 'user', dir, version: tfjsVersion() });
  const g = globalThis as { __modellabNativeCore?: unknown; __modellabNativeOther?: unknown };
  assert.equal(g.__modellabNativeCore, require('@tensorflow/tfjs-core'));
  assert.equal(g.__modellabNativeOther, 7, 'its own files still load');
  // Outside that load, resolution is Node's own again.
  assert.equal((require(path.join(user, 'node_modules/@tensorflow/tfjs-core')) as { imposter?: boolean }).imposter, true);
});

test('modellab backend status --json: the four backends, each tried here, with a reason for each that cannot run', () => {
  const user = tmp('status');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'modellab.js'), 'backend', 'status', '--json'], { env: { ...process.env, MODELLAB_BACKENDS_DIR: user }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { tfjs: string; backendsDir: string; auto: string; backends: { name: string; available: boolean; reason?: string; simd?: boolean; stepMs?: number }[] };
  assert.deepEqual(report.backends.map((b) => b.name), ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  assert.equal(report.backendsDir, user);
  for (const b of report.backends) assert.ok(b.available || (b.reason && b.reason.length > 20), `${b.name}: ${b.reason}`);
  const native = report.backends.filter((b) => b.name.startsWith('tensorflow'));
  // This machine has no native backend installed anywhere Model Lab looks.
  for (const b of native) if (!b.available) assert.match(b.reason!, /is not installed \(looked in .*node_modules/);
  const wasm = report.backends.find((b) => b.name === 'wasm')!;
  assert.equal(wasm.available, true);
  assert.equal(typeof wasm.simd, 'boolean');
  assert.ok((wasm.stepMs ?? -1) >= 0, 'a training step was run');
  assert.equal(report.backends.find((b) => b.name === 'cpu')!.available, true);
  assert.equal(report.auto, report.backends.find((b) => b.available)!.name);
  // The text form names the folder looked in first.
  const text = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'modellab.js'), 'backend', 'status'], { env: { ...process.env, MODELLAB_BACKENDS_DIR: user }, encoding: 'utf8', timeout: 120_000 });
  assert.equal(text.status, 0);
  assert.match(text.stdout, new RegExp(`auto trains on: ${report.auto}`));
  assert.ok(text.stdout.includes(user));
});

/** A stand-in for npm: `install … --prefix DIR specs` runs `script(prefix)` (a JS body), then exits with `code`. */
function fakeNpm(body: string): string {
  const file = path.join(tmp('npm'), 'npm.js');
  fs.writeFileSync(file, `const fs = require('fs'); const path = require('path'); const argv = process.argv.slice(2); const prefix = argv[argv.indexOf('--prefix') + 1];\n${body}\n`);
  return file;
}

test('backend install without access to libtensorflow\'s download fails saying so, and leaves the folder as it was', async () => {
  const { installNativeBackend } = await import('../src/engine/backend/install');
  const dir = tmp('offline');
  fs.writeFileSync(path.join(dir, 'marker.json'), '{}');
  // What npm prints when tfjs-node's install script cannot reach the download (seen on this machine).
  const npm = fakeNpm(`fs.mkdirSync(path.join(prefix, 'node_modules/@tensorflow/tfjs-node'), { recursive: true });
process.stderr.write('npm error https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz\\nnpm error Error: getaddrinfo ENOTFOUND storage.googleapis.com\\n'); process.exit(1);`);
  let output = '';
  const result = await installNativeBackend('tensorflow', { env: { ...process.env, MODELLAB_BACKENDS_DIR: dir, MODELLAB_NPM: npm }, onOutput: (t) => (output += t) });
  assert.equal(result.ok, false);
  assert.ok(!result.ok && /download of libtensorflow and its addon from storage\.googleapis\.com, and the download failed \(no connection\)\. Nothing was installed/.test(result.reason), !result.ok ? result.reason : '');
  assert.ok(!result.ok && /HTTPS_PROXY/.test(result.reason));
  assert.match(output, /ENOTFOUND/, 'npm\'s output reaches the caller');
  assert.deepEqual(fs.readdirSync(dir), ['marker.json'], 'no staging folder or package left behind');
});

test('backend install keeps nothing that cannot train, and remove empties the folder of a sole backend', async () => {
  const { installNativeBackend, removeNativeBackend } = await import('../src/engine/backend/install');
  const dir = tmp('nokeep');
  // npm "succeeds" but leaves a package whose addon is missing (an install script that was skipped).
  const npm = fakeNpm(`const pkg = path.join(prefix, 'node_modules/@tensorflow/tfjs-node'); fs.mkdirSync(pkg, { recursive: true });
fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version: '${tfjsVersion()}', main: 'index.js' }));
fs.writeFileSync(path.join(pkg, 'index.js'), "throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: ' + __dirname + '/lib/napi-v8/tfjs_binding.node. ')");
fs.writeFileSync(path.join(prefix, 'package.json'), JSON.stringify({ dependencies: { '@tensorflow/tfjs-node': '${tfjsVersion()}' } }));`);
  const env = { ...process.env, MODELLAB_BACKENDS_DIR: dir, MODELLAB_NPM: npm };
  const result = await installNativeBackend('tensorflow', { env });
  assert.equal(result.ok, false);
  assert.ok(!result.ok && /installed but cannot train here: libtensorflow missing.*Nothing was kept/.test(result.reason), !result.ok ? result.reason : '');
  assert.deepEqual(fs.readdirSync(dir), []);
  // A sole backend in the folder: remove takes its packages with it.
  fakePackage(dir, '@tensorflow/tfjs-node', tfjsVersion());
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { '@tensorflow/tfjs-node': tfjsVersion() } }));
  const removed = await removeNativeBackend('tensorflow', { env });
  assert.equal(removed.ok, true);
  assert.deepEqual(fs.readdirSync(dir), []);
  assert.match((await removeNativeBackend('tensorflow', { env })).message, /not installed .*nothing to remove/);
});
