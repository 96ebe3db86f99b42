// tfjs' private internals, which only src/engine/backend/tfjsInternals.ts knows: this version of tfjs has every
// shape Model Lab relies on, every fused path and kernel installer finds what it patches, and a difference is
// reported (not skipped). A tfjs upgrade that moves any of them fails here, not silently in the speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../src/engine/backend/select';
import { installFusedLayers } from '../src/engine/backend/fused/index';
import { trainingGradientPatches, trainingKernelNames } from '../src/engine/backend/kernels/register';
import { checkTfjsInternals, internalsWarning, PINNED_TFJS_VERSION, wrapLayerCall } from '../src/engine/backend/tfjsInternals';

test('the pinned tfjs version is the one installed and the one package.json pins', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(pkg.dependencies['@tensorflow/tfjs'], PINNED_TFJS_VERSION);
  assert.equal(tf.version_core, PINNED_TFJS_VERSION);
});

test('every kernel Model Lab registers is one tfjs knows (a renamed kernel would never be called)', async () => {
  // Before any of ours is registered: tfjs' cpu backend has every kernel tfjs dispatches to.
  await tf.setBackend('cpu');
  for (const backend of ['cpu', 'wasm'] as const) {
    const names = trainingKernelNames(backend);
    assert.ok(names.length > 0, backend);
    for (const name of names) assert.ok(tf.getKernel(name, 'cpu'), `${backend}: tfjs has no kernel named ${name}`);
  }
});

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: every private shape is there, and every fused path and gradient patch installs`, async () => {
    const info = await selectBackend(backend);
    assert.equal(info.name, backend);
    assert.deepEqual(checkTfjsInternals().problems, []);
    assert.equal(info.warnings, undefined, String(info.warnings));
    const patches = [...installFusedLayers(), ...trainingGradientPatches()];
    assert.deepEqual(patches.filter((p) => !p.patched), []);
    assert.deepEqual(patches.map((p) => p.name).sort(), ['AdamOptimizer', 'BatchNormalization', 'Dense', 'LSTM', 'Mean gradient']);
  });
}

test('a class that is not there is reported, with what is missing, not skipped', () => {
  const result = wrapLayerCall('NoSuchLayer', (call) => call);
  assert.equal(result.patched, false);
  assert.match(result.reason!, /NoSuchLayer is not in the serialization registry/);
  const warning = internalsWarning({ version: '4.23.0', pinned: PINNED_TFJS_VERSION, problems: ['@tensorflow/tfjs-core is 4.23.0, not the 4.22.0 Model Lab is built against'] });
  assert.match(warning!, /rely on TensorFlow\.js 4\.22\.0 internals.*4\.23\.0.*reinstall with the pinned/);
  assert.equal(internalsWarning({ version: PINNED_TFJS_VERSION, pinned: PINNED_TFJS_VERSION, problems: [] }), undefined);
});

test('no module but tfjsInternals.ts reaches tfjs\' private registries', () => {
  const root = path.join(__dirname, '..', 'src');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(root);
  const PRIVATE = /registeredVariables|classNameMap|\.registry\b|makeTensorFromTensorInfo|calculateLosses|isUsingGpuDevice|tf\.engine\(\)\.runKernel|'typedArrayFromHeap' in/;
  const offenders = files.filter((f) => !f.endsWith(path.join('backend', 'tfjsInternals.ts')) && PRIVATE.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
});
