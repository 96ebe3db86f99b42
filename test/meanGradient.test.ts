// Our Mean gradient (dy / n broadcast, no array of ones) equals tfjs' own on the plain-JS and wasm backends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(9);
const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rngNormal(rng)), shape);

const CASES: { shape: number[]; axis?: number | number[]; keepDims?: boolean }[] = [
  { shape: [4, 5, 6, 3], axis: [0, 1, 2] },
  { shape: [4, 5, 6, 3], axis: [1, 2], keepDims: true },
  { shape: [3, 7], axis: -1 },
  { shape: [3, 7] },
  { shape: [2, 3, 4], axis: [0, 2] },
];

test("Mean gradient equals tfjs' own on cpu and wasm", async () => {
  const tfjsGradient = tf.getGradient('Mean')!;
  for (const backend of ['cpu', 'wasm'] as const) {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    assert.notEqual(tf.getGradient('Mean'), tfjsGradient, 'ours is registered');
    for (const c of CASES) {
      const x = randn(c.shape);
      const w = randn(tf.mean(x, c.axis, c.keepDims).shape);
      const got = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.mean(v, c.axis, c.keepDims), w)))(x);
      const axis = c.axis === undefined ? c.shape.map((_, i) => i) : tf.util.parseAxisParam(c.axis, c.shape);
      const expected = (tfjsGradient.gradFunc(tf.reshape(w, tf.mean(x, c.axis, c.keepDims).shape), [x], { axis, keepDims: !!c.keepDims }) as { x: () => tf.Tensor }).x();
      assert.deepEqual(got.shape, c.shape);
      const a = got.dataSync(), b = expected.dataSync();
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 * Math.max(1, Math.abs(b[i])), `${backend} ${JSON.stringify(c)} at ${i}: ${a[i]} vs ${b[i]}`);
      tf.dispose([x, w, got, expected]);
    }
  }
});
