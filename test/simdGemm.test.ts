// Model Lab's SIMD matrix product (src/engine/backend/simd): the emitted kernel on the wasm backend's heap
// (BatchMatMul/_FusedMatMul, every transpose, batches, bias, ReLU, ragged edges, deep k) and on its own
// memory (the LSTM recurrence), against tfjs' plain-JS kernels and a JS loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { relaxedSimdAvailable, SimdGemm, type WasmModuleLike } from '../src/engine/backend/simd/gemm';
import { heapMatMul, simdGemmFor } from '../src/engine/backend/simd/heapMatMul';
import { HostGemm } from '../src/engine/backend/simd/hostGemm';
import { stopWasmThreads, useThreadedWasm, wasmThreadsSupported } from '../src/engine/backend/wasmThreads';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(11);
const values = (n: number) => Float32Array.from({ length: n }, () => rngNormal(rng));

function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
  bias?: number;
  activation?: 'linear' | 'relu';
}

// m, n, k chosen to hit the 4-row blocks and the single-row tail, full 8-column panels and narrower
// ones, and k past one 256-deep panel.
const CASES: Case[] = [
  { a: [1, 1], b: [1, 1], transposeA: false, transposeB: false },
  { a: [5, 3], b: [3, 7], transposeA: false, transposeB: false },
  { a: [9, 17], b: [17, 16], transposeA: false, transposeB: false },
  { a: [17, 9], b: [17, 13], transposeA: true, transposeB: false },
  { a: [6, 300], b: [19, 300], transposeA: false, transposeB: true },
  { a: [300, 7], b: [9, 300], transposeA: true, transposeB: true },
  { a: [33, 600], b: [600, 24], transposeA: false, transposeB: false, bias: 24, activation: 'relu' },
  { a: [12, 40], b: [40, 10], transposeA: false, transposeB: false, bias: 10, activation: 'linear' },
  { a: [3, 5, 6], b: [3, 6, 11], transposeA: false, transposeB: false },
  { a: [2, 2, 6, 5], b: [6, 9], transposeA: true, transposeB: false },
  { a: [7, 4], b: [3, 9, 4], transposeA: false, transposeB: true },
];

async function products(backend: 'cpu' | 'wasm', inputs: Array<{ a: Float32Array; b: Float32Array; bias?: Float32Array }>): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return CASES.map((c, i) =>
    tf.tidy(() => {
      const a = tf.tensor(inputs[i].a, c.a);
      const b = tf.tensor(inputs[i].b, c.b);
      const out = c.bias
        ? tf.fused.matMul({ a, b, transposeA: c.transposeA, transposeB: c.transposeB, bias: tf.tensor1d(inputs[i].bias!), activation: c.activation })
        : tf.matMul(a, b, c.transposeA, c.transposeB);
      return Float32Array.from(out.dataSync());
    }),
  );
}

const caseInputs = () => CASES.map((c) => ({ a: values(c.a.reduce((p, d) => p * d, 1)), b: values(c.b.reduce((p, d) => p * d, 1)), bias: c.bias ? values(c.bias) : undefined }));

test('the wasm backend multiplies through the SIMD kernel, matching the plain-JS backend for every transpose, batch, bias and ReLU', async () => {
  const inputs = caseInputs();
  const expected = await products('cpu', inputs);
  registerTrainingKernels('wasm');
  await tf.setBackend('wasm');
  assert.ok(simdGemmFor(tf.backend()), 'the SIMD kernel should build on this Node');
  const got = await products('wasm', inputs);
  CASES.forEach((c, i) => assert.ok(maxRelError(got[i], expected[i]) < 1e-4, `${JSON.stringify(c)}: max rel. error ${maxRelError(got[i], expected[i])}`));
});

test('heapMatMul leaves what it does not cover to tfjs (int32, broadcasts of two batched operands, k mismatch)', async () => {
  await tf.setBackend('wasm');
  const backend = tf.backend();
  const info = (t: tf.Tensor) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });
  const opts = { transposeA: false, transposeB: false };
  tf.tidy(() => {
    assert.equal(heapMatMul(backend, info(tf.ones([2, 3], 'int32')), info(tf.ones([3, 2], 'int32')), opts), undefined);
    assert.equal(heapMatMul(backend, info(tf.ones([2, 1, 2, 3])), info(tf.ones([1, 2, 3, 2])), opts), undefined);
    assert.equal(heapMatMul(backend, info(tf.ones([2, 3])), info(tf.ones([4, 2])), opts), undefined);
  });
});

test('the kernel without fused multiply-add (engines without relaxed SIMD) gives the same products', async () => {
  await tf.setBackend('wasm');
  const module = (tf.backend() as unknown as { wasm: WasmModuleLike }).wasm;
  const plain = SimdGemm.create(module, { fma: false })!;
  assert.equal(plain.fma, false);
  const [m, k, n] = [13, 70, 21];
  const a = tf.tensor2d(values(m * k), [m, k]);
  const b = tf.tensor2d(values(k * n), [k, n]);
  const c = tf.zeros([m, n]);
  const w = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
  plain.run({ a: w.typedArrayFromHeap(a).byteOffset, aRow: k * 4, aK: 4, b: w.typedArrayFromHeap(b).byteOffset, bK: n * 4, bN: 4, c: w.typedArrayFromHeap(c).byteOffset, cRow: n * 4, m, n, k });
  const expected = tf.tidy(() => tf.matMul(a, b).dataSync());
  assert.ok(maxRelError(c.dataSync(), expected) < 1e-4);
  tf.dispose([a, b, c]);
});

test('an empty sum (k = 0) gives the bias through ReLU, or zeros, as tfjs does', async () => {
  await tf.setBackend('wasm');
  const module = (tf.backend() as unknown as { wasm: WasmModuleLike }).wasm;
  const gemm = SimdGemm.create(module)!;
  const w = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
  const bias = tf.tensor1d([1, -2, 3, -4, 5, -6, 7, -8, 9, -10]);
  const c = tf.fill([3, 10], 42);
  const at = (t: tf.Tensor) => w.typedArrayFromHeap(t).byteOffset;
  gemm.run({ a: at(c), aRow: 0, aK: 4, b: at(c), bK: 40, bN: 4, c: at(c), cRow: 40, m: 3, n: 10, k: 0, bias: at(bias), relu: true });
  assert.deepEqual(Array.from(c.dataSync()), [0, 1, 2].flatMap(() => [1, 0, 3, 0, 5, 0, 7, 0, 9, 0]));
  gemm.run({ a: at(c), aRow: 0, aK: 4, b: at(c), bK: 40, bN: 4, c: at(c), cRow: 40, m: 3, n: 10, k: 0 });
  assert.deepEqual(Array.from(c.dataSync()), new Array(30).fill(0));
  tf.dispose([bias, c]);
});

test('relaxed SIMD is found (or switched on) in this Node, so the fused multiply-add kernel is the one used', () => {
  // Node 20 has it behind a V8 flag that relaxedSimdAvailable() sets; newer Nodes ship it on.
  assert.equal(relaxedSimdAvailable(), true);
});

test('HostGemm adds rows times a matrix on Float32Arrays, strided in and out, as the JS loop does', () => {
  const gemm = HostGemm.create();
  assert.ok(gemm);
  for (const [m, k, n] of [[32, 32, 128], [5, 128, 32], [3, 9, 13], [1, 1, 1]]) {
    const w = values(k * n);
    const aStride = k + 3;
    const outStride = n + 5;
    const a = values(m * aStride + 2);
    const out = values(m * outStride + 4);
    const expected = out.slice();
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = expected[4 + i * outStride + j];
        for (let p = 0; p < k; p++) s += a[2 + i * aStride + p] * w[p * n + j];
        expected[4 + i * outStride + j] = s;
      }
    }
    gemm.load(w, k, n);
    gemm.addRowsTimes(a, 2, aStride, m, out, 4, outStride);
    assert.ok(maxRelError(out, expected) < 1e-4, `${m}×${k}×${n}: ${maxRelError(out, expected)}`);
  }
});

test('the kernel runs on the threaded wasm build too (shared memory)', { skip: !wasmThreadsSupported() && 'no wasm threads in this Node' }, async () => {
  const inputs = caseInputs();
  const expected = await products('cpu', inputs);
  assert.equal(useThreadedWasm(2), true);
  try {
    registerTrainingKernels('wasm');
    await tf.setBackend('wasm');
    assert.ok(simdGemmFor(tf.backend()), 'the SIMD kernel should bind to the shared memory');
    const got = await products('wasm', inputs);
    CASES.forEach((c, i) => assert.ok(maxRelError(got[i], expected[i]) < 1e-4, `${JSON.stringify(c)}: ${maxRelError(got[i], expected[i])}`));
  } finally {
    stopWasmThreads();
  }
});
