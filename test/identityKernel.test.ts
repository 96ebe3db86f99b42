// Our wasm Identity shares the input's memory by reference count: a clone reads the same values, and
// disposing either the original or the clone leaves the other valid until both are gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';

type WasmBackend = { getMemoryOffset(dataId: tf.DataId): number; numDataIds(): number };
const wasm = () => tf.backend() as unknown as WasmBackend;
const VALUES = Array.from({ length: 4096 }, (_, i) => Math.sin(i));

/** Allocates and fills tensors of the same size, which would land in freed memory if any was freed. */
function churn(): void {
  tf.dispose(Array.from({ length: 4 }, () => tf.fill([4096], 7)));
}

async function setUp(): Promise<void> {
  await tf.setBackend('wasm');
  registerTrainingKernels('wasm');
}

test('wasm clone shares memory and reads the same values', async () => {
  await setUp();
  const x = tf.tensor1d(VALUES);
  const y = tf.clone(x);
  assert.equal(wasm().getMemoryOffset(y.dataId), wasm().getMemoryOffset(x.dataId));
  assert.deepEqual(Array.from(await y.data()), Array.from(await x.data()));
  tf.dispose([x, y]);
});

for (const first of ['original', 'clone'] as const) {
  test(`wasm clone: disposing the ${first} first keeps the other valid; disposing both frees the memory`, async () => {
    await setUp();
    const before = wasm().numDataIds();
    const bytesBefore = tf.memory().numBytes;
    const x = tf.tensor1d(VALUES);
    const y = tf.clone(x);
    const [gone, kept] = first === 'original' ? [x, y] : [y, x];
    gone.dispose();
    churn();
    assert.equal(wasm().numDataIds(), before + 1, 'the shared data is still held once');
    assert.deepEqual(Array.from(await kept.data()), Array.from(Float32Array.from(VALUES)));
    const sum = tf.tidy(() => tf.sum(tf.add(kept, 1)));
    assert.ok(Math.abs((await sum.data())[0] - VALUES.reduce((a, v) => a + v + 1, 0)) < 1e-2);
    tf.dispose([sum, kept]);
    assert.equal(wasm().numDataIds(), before);
    assert.equal(tf.memory().numBytes, bytesBefore);
  });
}

test('wasm: a gradient through a saved clone survives the forward pass disposing its input', async () => {
  await setUp();
  const square = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return { value: tf.mul(x, x), gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(saved, 2)) };
  });
  const x = tf.tensor1d(VALUES);
  // The forward's intermediate (x + 0) is disposed before the backward pass runs; the saved clone is not.
  const dx = tf.grad((v: tf.Tensor) => tf.sum(square(tf.add(v, 0)) as tf.Tensor))(x);
  churn();
  const got = await dx.data();
  for (let i = 0; i < VALUES.length; i++) assert.ok(Math.abs(got[i] - 2 * Math.fround(VALUES[i])) < 1e-5);
  tf.dispose([x, dx]);
});
