// The per-step statistics' SIMD passes on the wasm heap (src/engine/backend/simd/heapStats.ts) give the
// sums the JS loops give (stepStats.ts), and HostStepStats uses them on wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { hostValues } from '../src/engine/backend/hostView';
import { heapStatsFor } from '../src/engine/backend/simd/heapStats';
import { gradientSums, HostStepStats, updateSums } from '../src/engine/train/stepStats';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(5);
const values = (n: number) => Float32Array.from({ length: n }, () => rngNormal(rng));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

// Sizes around the 4-value vectors, and past one 16384-value call.
const SIZES = [1, 3, 4, 5, 17, 16384, 16387, 40001];

test('the SIMD gradient and update sums on the heap equal the JS loops', async () => {
  await tf.setBackend('wasm');
  const built = heapStatsFor(tf.backend());
  assert.ok(built, 'the SIMD passes should build on this Node');
  const stats = built;
  for (const n of SIZES) {
    const g = tf.tensor1d(values(n));
    const after = tf.tensor1d(values(n));
    const before = tf.tensor1d(values(n));
    const simdGrad = stats.gradientSums(hostValues(g))!;
    const jsGrad = gradientSums(hostValues(g).slice());
    assert.ok(close(simdGrad.squares, jsGrad.squares), `n=${n} Σg²: ${simdGrad.squares} vs ${jsGrad.squares}`);
    assert.equal(simdGrad.maxAbs, jsGrad.maxAbs, `n=${n} max|g|`);
    const simdUpdate = stats.updateSums(hostValues(after), hostValues(before))!;
    const jsUpdate = updateSums(hostValues(after).slice(), hostValues(before).slice());
    assert.ok(close(simdUpdate.weightSquares, jsUpdate.weightSquares), `n=${n} Σw²`);
    assert.ok(close(simdUpdate.updateSquares, jsUpdate.updateSquares), `n=${n} Σ(w − w₀)²`);
    tf.dispose([g, after, before]);
  }
});

test('a NaN makes both gradient sums NaN; arrays off the heap are left to the JS loops', async () => {
  await tf.setBackend('wasm');
  const stats = heapStatsFor(tf.backend())!;
  for (const at of [2, 16386]) {
    const data = values(16387);
    data[at] = NaN;
    const g = tf.tensor1d(data);
    const sums = stats.gradientSums(hostValues(g))!;
    assert.ok(Number.isNaN(sums.squares) && Number.isNaN(sums.maxAbs), `NaN at ${at}`);
    g.dispose();
  }
  assert.equal(stats.gradientSums(values(8)), undefined);
  assert.equal(stats.updateSums(values(8), values(8)), undefined);
});

test('HostStepStats on wasm keeps the weights on the heap and gives the JS path\'s sums', async () => {
  await tf.setBackend('wasm');
  // The same values both times: each run draws from its own generator with the same seed.
  const run = (seed: number) => {
    const r = createRng(seed);
    const draw = (n: number) => Float32Array.from({ length: n }, () => rngNormal(r));
    const variables = [tf.variable(tf.tensor2d(draw(300 * 7), [300, 7])), tf.variable(tf.tensor1d(draw(7)))];
    const grads: tf.NamedTensorMap = Object.fromEntries(variables.map((v) => [v.name, tf.tensor(draw(v.size), v.shape)]));
    const buffer = HostStepStats.weightsBuffer(variables);
    const stats = new HostStepStats(variables, buffer);
    stats.beforeUpdate(grads, false);
    variables.forEach((v) => v.assign(tf.add(v, tf.mul(grads[v.name], -0.1))));
    const sums = stats.afterUpdate();
    tf.dispose([...variables, ...Object.values(grads)]);
    return { sums, onHeap: !(buffer instanceof Float32Array) };
  };
  const simd = run(9);
  process.env.MODELLAB_SIMD = '0';
  let js: ReturnType<typeof run>;
  try {
    js = run(9);
  } finally {
    delete process.env.MODELLAB_SIMD;
  }
  assert.equal(simd.onHeap, true, 'the weights copy lives on the wasm heap');
  assert.equal(js.onHeap, false, 'with MODELLAB_SIMD=0 it is a JS array');
  for (const key of ['gradSquares', 'gradMaxAbs', 'weightSquares', 'updateSquares'] as const) {
    simd.sums[key].forEach((x, i) => assert.ok(close(x, js.sums[key][i]), `${key}[${i}]: ${x} vs ${js.sums[key][i]}`));
  }
  assert.ok(simd.sums.updateSquares.every((u) => u > 0), 'the update was seen');
});
