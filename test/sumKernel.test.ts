// The wasm Sum kernel's column-sum path (sums over leading axes, as a bias gradient takes) against
// tfjs' own kernels, and the reductions it leaves to tfjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { leadingAxes } from '../src/engine/backend/kernels/sum';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(5);

const CASES: Array<{ shape: number[]; axis: number | number[]; keepDims?: boolean; dtype?: 'int32' }> = [
  { shape: [128, 256], axis: 0 },
  { shape: [7, 3], axis: [0], keepDims: true },
  { shape: [5, 1], axis: 0 },
  { shape: [4, 6, 6, 5], axis: [0, 1, 2] },
  { shape: [4, 6, 6, 5], axis: [-4, -3, -2], keepDims: true },
  { shape: [3, 4, 9], axis: [1, 0] },
  { shape: [0, 6], axis: 0 },
  // Left to tfjs: innermost, middle, every axis, integers.
  { shape: [6, 10], axis: -1 },
  { shape: [3, 4, 5], axis: 1 },
  { shape: [3, 4], axis: [0, 1] },
  { shape: [9, 4], axis: 0, dtype: 'int32' },
];

function values(c: (typeof CASES)[number]): number[] {
  const n = c.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, () => (c.dtype === 'int32' ? Math.round(10 * rngNormal(rng)) : rngNormal(rng)));
}

test('leadingAxes: the count of leading axes reduced, 0 where the column sum does not apply', () => {
  assert.equal(leadingAxes(0, 2), 1);
  assert.equal(leadingAxes([2, 0, 1], 4), 3);
  assert.equal(leadingAxes([-4, -3], 4), 2);
  assert.equal(leadingAxes([1], 3), 0);
  assert.equal(leadingAxes([0, 1], 2), 0, 'every axis');
  assert.equal(leadingAxes([0, 2], 3), 0);
  assert.equal(leadingAxes([], 3), 0);
});

test('wasm Sum over leading axes matches the plain-JS kernel (rel. error ≤ 1e-5), shapes and keepDims included', async () => {
  const inputs = CASES.map(values);
  await tf.setBackend('cpu');
  const expected = CASES.map((c, i) => {
    const out = tf.sum(tf.tensor(inputs[i], c.shape, c.dtype ?? 'float32'), c.axis, c.keepDims);
    return { shape: out.shape, data: Array.from(out.dataSync()), dtype: out.dtype };
  });
  await tf.setBackend('wasm');
  registerTrainingKernels('wasm');
  CASES.forEach((c, i) => {
    const x = tf.tensor(inputs[i], c.shape, c.dtype ?? 'float32');
    const out = tf.sum(x, c.axis, c.keepDims);
    assert.deepEqual(out.shape, expected[i].shape, JSON.stringify(c));
    assert.equal(out.dtype, expected[i].dtype, JSON.stringify(c));
    const got = out.dataSync();
    expected[i].data.forEach((v, j) => assert.ok(Math.abs(got[j] - v) <= 1e-5 * Math.max(1, Math.abs(v)), `${JSON.stringify(c)} [${j}]: ${got[j]} vs ${v}`));
    tf.dispose([x, out]);
  });
});

test('a Dense bias gradient on wasm equals the plain-JS one', async () => {
  const x = Array.from({ length: 32 * 12 }, () => rngNormal(rng));
  const dy = Array.from({ length: 32 * 7 }, () => rngNormal(rng));
  const gradients = async (backend: string) => {
    await tf.setBackend(backend);
    const b = tf.variable(tf.zeros([7]));
    const w = tf.variable(tf.ones([12, 7]));
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(tf.fused.matMul({ a: tf.tensor2d(x, [32, 12]), b: w, bias: b, activation: 'relu' }), tf.tensor2d(dy, [32, 7]))), [b]);
    const out = Array.from(grads[b.name].dataSync());
    tf.dispose([b, w, grads[b.name]]);
    return out;
  };
  const reference = await gradients('cpu');
  registerTrainingKernels('wasm');
  const got = await gradients('wasm');
  reference.forEach((v, j) => assert.ok(Math.abs(got[j] - v) <= 1e-5 * Math.max(1, Math.abs(v)), `bias[${j}]: ${got[j]} vs ${v}`));
});
