// tfjs' multi-threaded wasm build started under Node (src/engine/backend/wasmThreads.ts): it must run
// with the threads asked for and compute what the single-threaded build computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { stopWasmThreads, useThreadedWasm, wasmThreadsFromEnv, wasmThreadsInUse, wasmThreadsSupported } from '../src/engine/backend/wasmThreads';
import { selectBackend } from '../src/engine/backend/select';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(3);
const values = (n: number) => Float32Array.from({ length: n }, () => rngNormal(rng));

async function compute(a: Float32Array, b: Float32Array, x: Float32Array, f: Float32Array) {
  await tf.setBackend('wasm');
  const out = tf.tidy(() => [tf.matMul(tf.tensor2d(a, [96, 200]), tf.tensor2d(b, [200, 64])).dataSync(), tf.conv2d(tf.tensor4d(x, [4, 16, 16, 3]), tf.tensor4d(f, [3, 3, 3, 8]), 1, 'same').dataSync()]);
  return out.map((o) => Float32Array.from(o));
}

test('the threaded wasm build starts under Node with 2 threads and matches the single-threaded build', { skip: !wasmThreadsSupported() && 'no wasm threads in this Node' }, async () => {
  const a = values(96 * 200);
  const b = values(200 * 64);
  const x = values(4 * 16 * 16 * 3);
  const f = values(3 * 3 * 3 * 8);
  const single = await compute(a, b, x, f);
  assert.equal(useThreadedWasm(2), true);
  try {
    const threaded = await compute(a, b, x, f);
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(wasmThreadsInUse(), 2);
    single.forEach((s, k) => {
      let worst = 0;
      for (let i = 0; i < s.length; i++) worst = Math.max(worst, Math.abs(s[i] - threaded[k][i]) / Math.max(1, Math.abs(s[i])));
      assert.ok(worst < 1e-5, `output ${k}: max rel. difference ${worst}`);
    });
  } finally {
    stopWasmThreads();
  }
});

test('one thread keeps the single-threaded build', () => {
  assert.equal(useThreadedWasm(1), false);
});

test('MODELLAB_WASM_THREADS must be a whole number ≥ 1, and says so', async () => {
  assert.equal(wasmThreadsFromEnv({}), undefined);
  assert.equal(wasmThreadsFromEnv({ MODELLAB_WASM_THREADS: '3' }), 3);
  for (const bad of ['0', '-2', '1.5', 'two']) assert.throws(() => wasmThreadsFromEnv({ MODELLAB_WASM_THREADS: bad }), new RegExp(`MODELLAB_WASM_THREADS must be a whole number ≥ 1.*got '${bad}'`));
  process.env.MODELLAB_WASM_THREADS = 'two';
  try {
    await assert.rejects(selectBackend('auto'), (err: Error & { code?: string }) => /MODELLAB_WASM_THREADS/.test(err.message));
  } finally {
    delete process.env.MODELLAB_WASM_THREADS;
  }
});
