// The activation probe's passes on the wasm heap (src/engine/backend/simd/heapActivationStats.ts) give
// the numbers of its JS loops: the layer statistics to float32 rounding, the histograms bin for bin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { hostValues } from '../src/engine/backend/hostView';
import { heapActivationStatsFor } from '../src/engine/backend/simd/heapActivationStats';
import { hostLayerStats } from '../src/engine/diagnostics/probes/activationProbe';
import { histogram } from '../src/engine/diagnostics/probes/histogram';
import type { ActivationKind } from '../src/engine/diagnostics/types';
import { createRng, rngNormal } from '../src/engine/data/rng';

const rng = createRng(11);
/** Normal values, a share of them exactly zero (ReLU-like), some far out (saturation counts). */
const values = (n: number) => Float32Array.from({ length: n }, () => (rng() < 0.3 ? 0 : 3 * rngNormal(rng)));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

async function passes() {
  await tf.setBackend('wasm');
  const built = heapActivationStatsFor(tf.backend());
  assert.ok(built, 'the activation passes should build on this Node');
  return built;
}

// [rows, units]: units around the 4-lane vectors, and sizes past one 16384-value summary call.
const SHAPES: Array<[number, number]> = [[1, 1], [3, 5], [7, 4], [2, 17], [64, 10], [300, 64], [1000, 33]];
const KINDS: ActivationKind[] = ['relu-family', 'sigmoid', 'tanh', 'softmax', 'linear'];

test('the layer statistics on the heap equal the JS loops for every activation kind', async () => {
  const heap = await passes();
  for (const [rows, units] of SHAPES) {
    const data = values(rows * units);
    // A column that never activates, for the dead-unit count.
    for (let r = 0; r < rows; r++) data[r * units] = -Math.abs(data[r * units]);
    const t = tf.tensor2d(data, [rows, units]);
    for (const kind of KINDS) {
      const simd = hostLayerStats(hostValues(t), units, kind, heap);
      const js = hostLayerStats(hostValues(t).slice(), units, kind);
      simd.forEach((v, k) => assert.ok(close(v, js[k]), `${rows}×${units} ${kind} stat ${k}: ${v} vs ${js[k]}`));
      if (kind === 'relu-family') assert.ok(simd[5] >= 1 / units, 'the negative column counts as dead');
    }
    t.dispose();
  }
});

test('histograms counted on the heap fall into the JS loop\'s bins', async () => {
  const heap = await passes();
  for (const n of [1, 2, 5, 16, 1000, 40001]) {
    const t = tf.tensor1d(values(n));
    for (const bins of [1, 7, 30]) assert.deepEqual(histogram(hostValues(t), bins, heap), histogram(hostValues(t).slice(), bins), `n=${n} bins=${bins}`);
    t.dispose();
  }
  const constant = tf.fill([9], 2.5);
  assert.deepEqual(histogram(hostValues(constant), 30, heap), { edges: [2.5, 2.5], counts: [9] });
  constant.dispose();
});

test('non-finite values, arrays off the heap and oversized scratch are left to the JS loops', async () => {
  const heap = await passes();
  for (const bad of [NaN, Infinity, -Infinity]) {
    const data = values(20001);
    data[16390] = bad;
    const t = tf.tensor2d(data, [20001, 1]);
    assert.equal(heap.summary(hostValues(t)), undefined, `${bad} leaves the summary to JS`);
    assert.deepEqual(hostLayerStats(hostValues(t), 1, 'relu-family', heap), hostLayerStats(hostValues(t).slice(), 1, 'relu-family'));
    assert.deepEqual(histogram(hostValues(t), 30, heap), histogram(hostValues(t).slice(), 30));
    t.dispose();
  }
  assert.equal(heap.summary(values(8)), undefined);
  const wide = tf.tensor2d(values(2 * 5000), [2, 5000]);
  assert.equal(heap.columnMaxima(hostValues(wide), 5000, 2), undefined);
  assert.ok(close(hostLayerStats(hostValues(wide), 5000, 'relu-family', heap)[5], hostLayerStats(hostValues(wide).slice(), 5000, 'relu-family')[5]));
  assert.equal(heap.binCounts(hostValues(wide), -1, 1, 5000), undefined);
  wide.dispose();
});
