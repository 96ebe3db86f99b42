// Model Lab trains convolution-heavy models on every core (the threaded wasm build) and everything
// else single-threaded, where the pool's synchronisation would cost more than it saves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { chooseWasmThreads, convolutionWork, THREADED_CONVOLUTION_WORK } from '../src/engine/backend/wasmThreadChoice';
import { wasmThreadsSupported } from '../src/engine/backend/wasmThreads';
import { setUpFromFile } from '../src/engine/train/setUpFromFile';

const cnn = (size: number, filters: number) =>
  tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [size, size, 3], filters, kernelSize: 3, activation: 'relu' }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] });

test('convolution work counts output elements × kernel taps × input channels, per batch', async () => {
  await tf.setBackend('cpu');
  const model = cnn(10, 4); // 8×8 outputs × 4 filters × (3·3·3) taps·channels
  assert.equal(convolutionWork(model, 5), 5 * 8 * 8 * 4 * 27);
  const depthwise = tf.sequential({ layers: [tf.layers.depthwiseConv2d({ inputShape: [6, 6, 2], kernelSize: 3, depthMultiplier: 2 })] });
  assert.equal(convolutionWork(depthwise, 1), 4 * 4 * 4 * 9);
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [100], units: 100 })] });
  assert.equal(convolutionWork(dense, 1000), 0);
  tf.dispose([model, depthwise, dense] as never);
});

test('threads only for convolution-heavy models, and never against an explicit MODELLAB_WASM_THREADS', async (t) => {
  if (os.availableParallelism() < 2 || !wasmThreadsSupported()) return t.skip('one core or no wasm threads here');
  await tf.setBackend('cpu');
  const small = cnn(10, 4);
  const big = cnn(64, 64);
  assert.ok(convolutionWork(big, 64) >= THREADED_CONVOLUTION_WORK);
  assert.equal(chooseWasmThreads(small, 32, {}), undefined);
  const choice = chooseWasmThreads(big, 64, {});
  assert.equal(choice?.threads, os.availableParallelism());
  assert.match(choice!.reason, /multiply-adds per batch/);
  assert.equal(chooseWasmThreads(big, 64, { MODELLAB_WASM_THREADS: '1' }), undefined);
  tf.dispose([small, big] as never);
});

test('a convolution-heavy model file sets up on the threaded build (replicas off), with the same initial weights', async (t) => {
  if (os.availableParallelism() < 2 || !wasmThreadsSupported()) return t.skip('one core or no wasm threads here');
  delete process.env.MODELLAB_WASM_THREADS;
  // Data-parallel replicas come first where they pay (test/replicas.test.ts); this is the threaded build.
  process.env.MODELLAB_REPLICAS = '1';
  t.after(() => delete process.env.MODELLAB_REPLICAS);
  const file = path.join(__dirname, 'fixtures', 'wide-conv.model.ts');
  const convBefore = tf.layers.conv2d({ filters: 1, kernelSize: 1 }).name; // tfjs numbers layers per process
  const { setup, backend } = await setUpFromFile({ file, backend: 'wasm' });
  assert.equal(backend.name, 'wasm');
  assert.equal(backend.threads, os.availableParallelism());
  assert.match(backend.threadsReason ?? '', /threads: the convolutions do \d+M multiply-adds/);
  const threaded = setup.model.getWeights().map((w) => Array.from(w.dataSync()));
  const threadedNames = setup.model.layers.map((l) => l.name);
  // The same model built single-threaded from the same seed starts from the same weights.
  process.env.MODELLAB_WASM_THREADS = '1';
  await tf.setBackend('cpu');
  const single = await setUpFromFile({ file, backend: 'cpu' });
  single.setup.model.getWeights().forEach((w, i) => assert.deepEqual(Array.from(w.dataSync()), threaded[i]));
  // ...and its layers keep their names (the model is not built a second time).
  assert.deepEqual(threadedNames.map((n) => n.replace(/\d+$/, '')), single.setup.model.layers.map((l) => l.name.replace(/\d+$/, '')));
  const firstConv = Number(/\d+$/.exec(convBefore)![0]) + 1;
  assert.deepEqual(threadedNames.filter((n) => n.startsWith('conv2d_')), [`conv2d_Conv2D${firstConv}`, `conv2d_Conv2D${firstConv + 1}`], 'setting up built each conv layer once');
  // It trains: one gradient step gives finite numbers.
  await tf.setBackend('wasm');
  const x = tf.randomNormal([4, 8, 8, 1]);
  const loss = tf.tidy(() => tf.sum(setup.model.apply(x, { training: true }) as tf.Tensor));
  assert.ok(Number.isFinite(loss.dataSync()[0]));
});
