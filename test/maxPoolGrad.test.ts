// Our wasm MaxPoolGrad routes each window's gradient to the same input as tfjs' reference plain-JS kernel:
// the first maximum in scan order (ties), windows cut by 'same' padding, overlapping and gapped strides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { maxPoolGradValues } from '../src/engine/backend/kernels/maxPoolGrad';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { createRng } from '../src/engine/data/rng';

const rng = createRng(3);
/** Small integers, so that windows hold ties and sums of dy are exact in any order. */
const ints = (shape: number[], levels: number) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(rng() * levels));

type Case = { name: string; x: [number, number, number, number]; pool: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same'; levels: number };
const CASES: Case[] = [
  { name: '2×2 stride 2, many ties', x: [2, 6, 6, 5], pool: 2, strides: 2, pad: 'valid', levels: 3 },
  { name: '2×2 stride 2, distinct values', x: [2, 8, 8, 16], pool: 2, strides: 2, pad: 'valid', levels: 1e6 },
  { name: '2×2 stride 2, odd size (last row and column unpooled)', x: [1, 7, 7, 3], pool: 2, strides: 2, pad: 'valid', levels: 4 },
  { name: "2×2 stride 2 'same' on odd size (cut windows)", x: [2, 7, 5, 3], pool: 2, strides: 2, pad: 'same', levels: 4 },
  { name: "3×3 stride 2 'same' (overlapping)", x: [2, 7, 7, 3], pool: 3, strides: 2, pad: 'same', levels: 3 },
  { name: '2×2 stride 1 (overlapping)', x: [1, 5, 6, 2], pool: 2, strides: 1, pad: 'valid', levels: 3 },
  { name: '2×3 stride 3 (gaps)', x: [2, 8, 9, 4], pool: [2, 3], strides: 3, pad: 'valid', levels: 5 },
];

function reference(c: Case, x: Float32Array, dy: Float32Array, dyShape: number[]): Float32Array {
  const kernel = tf.getKernel('MaxPoolGrad', 'cpu')!;
  const xt = tf.tensor(x, c.x);
  const yt = tf.maxPool(xt as tf.Tensor4D, c.pool, c.strides, c.pad);
  const dyt = tf.tensor(dy, dyShape);
  const out = kernel.kernelFunc({ inputs: { dy: dyt, input: xt, output: yt }, backend: tf.backend(), attrs: { filterSize: c.pool, strides: c.strides, pad: c.pad } }) as tf.TensorInfo;
  const values = tf.engine().makeTensorFromTensorInfo(out).dataSync() as Float32Array;
  tf.dispose([xt, yt, dyt]);
  return values;
}

test("max-pool gradient: our routine equals tfjs' reference kernel (ties, padding, strides)", async () => {
  await tf.setBackend('cpu');
  for (const c of CASES) {
    const info = tf.backend_util.computePool2DInfo(c.x, c.pool, c.strides, 1, c.pad);
    const x = ints(c.x, c.levels);
    const dy = ints(info.outShape, 7);
    const expected = reference(c, x, dy, info.outShape);
    const got = new Float32Array(x.length).fill(Number.NaN); // the routine must write every element
    maxPoolGradValues(x, dy, info, got);
    assert.deepEqual(Array.from(got), Array.from(expected), c.name);
  }
});

test('max-pool gradient: NaN never wins a window, as in the reference', async () => {
  await tf.setBackend('cpu');
  const c: Case = { name: 'NaN', x: [1, 2, 4, 2], pool: 2, strides: 2, pad: 'valid', levels: 0 };
  // Window 0: NaN first (the next maximum takes the gradient); window 1: all NaN in channel 1.
  const x = Float32Array.from([Number.NaN, 1, 5, Number.NaN, 2, 0, 3, Number.NaN, 4, 6, 1, Number.NaN, 0, 9, 2, Number.NaN]);
  const dy = Float32Array.from([10, 20, 30, 40]);
  const info = tf.backend_util.computePool2DInfo(c.x, c.pool, c.strides, 1, c.pad);
  const got = new Float32Array(x.length);
  maxPoolGradValues(x, dy, info, got);
  assert.deepEqual(Array.from(got), Array.from(reference(c, x, dy, info.outShape)));
});

test('max-pool gradient on wasm through tf.grad matches the plain-JS backend', async () => {
  registerTrainingKernels('wasm');
  const c = CASES[1];
  const x = ints(c.x, c.levels);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const xt = tf.tensor(x, c.x) as tf.Tensor4D;
    const dx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(v as tf.Tensor4D, c.pool, c.strides, c.pad), tf.range(0, 4 * 4 * 16 * 2).reshape([2, 4, 4, 16]))))(xt);
    const values = Array.from(await dx.data());
    tf.dispose([xt, dx]);
    return values;
  };
  const cpu = await run('cpu');
  assert.ok(tf.getKernel('MaxPoolGrad', 'wasm'), 'our kernel is registered on wasm');
  assert.deepEqual(await run('wasm'), cpu);
});
