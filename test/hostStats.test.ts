// Step statistics and activation statistics are reduced in JS on wasm/cpu and as kernels elsewhere:
// both ways must give the same numbers (the kernel path is forced with `onHost: false`). On wasm the
// host path is the SIMD passes on the heap (backend/simd/heapStats.ts, heapActivationStats.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { experiment, datasets } from '../src/sdk/index';
import type { StepStats, TrainingEvent } from '../src/protocol/events';
import type { LayerActivationStats } from '../src/engine/diagnostics/types';
import { createRng } from '../src/engine/data/rng';
import { TrainingLoop } from '../src/engine/train/loop';
import { createSetup } from '../src/engine/train/setup';
import { gradientSums, updateSums } from '../src/engine/train/stepStats';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} vs ${b}`);

type Optimizer = { name: 'sgd' | 'adam' | 'adamw'; learningRate: number; clipValue?: number; weightDecay?: number };

async function trace(onHost: boolean, backend: 'cpu' | 'wasm' = 'cpu', optimizer: Optimizer = { name: 'sgd', learningRate: 0.5 }) {
  await tf.setBackend(backend);
  Math.random = createRng(5);
  const model = () =>
    tf.sequential({
      layers: [
        // A negative bias kills some relu units; large weights saturate tanh and sigmoid.
        tf.layers.dense({ inputShape: [4], units: 12, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -1.5 }) }),
        tf.layers.dense({ units: 6, activation: 'tanh', kernelInitializer: tf.initializers.randomNormal({ stddev: 3, seed: 1 }) }),
        tf.layers.dense({ units: 5, activation: 'sigmoid', kernelInitializer: tf.initializers.randomNormal({ stddev: 4, seed: 2 }) }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
  const exp = experiment({ name: 'kinds', data: datasets.iris({ validationSplit: 0.2 }), model, loss: 'categoricalCrossentropy', optimizer, batchSize: 16, epochs: 2, seed: 3 });
  const before = tf.memory().numTensors;
  const setup = await createSetup(exp);
  const steps: StepStats[] = [];
  const probes: LayerActivationStats[][] = [];
  const loop = new TrainingLoop(setup, createRng(1), {
    emit: (e: TrainingEvent) => {
      if (e.type === 'batch' && e.stats) steps.push(e.stats);
      if (e.type === 'probe') probes.push(e.layers);
    },
    isCancelled: () => false,
    saveModel: async () => undefined,
  }, { interval: 2, batchSize: 32, histograms: true, onHost });
  await loop.run();
  setup.model.dispose();
  setup.optimizer.optimizer.dispose();
  return { steps, probes, leaked: tf.memory().numTensors - before, diagnosticsSeconds: loop.diagnosticsSeconds };
}

function assertSameSteps(host: { steps: StepStats[] }, kernels: { steps: StepStats[] }): void {
  assert.equal(host.steps.length, kernels.steps.length);
  assert.ok(host.steps.length >= 10);
  host.steps.forEach((h, s) => {
    for (const key of ['gradNorm', 'gradMaxAbs', 'weightNorm', 'updateRatio'] as const) {
      h[key].forEach((v, i) => close(v, kernels.steps[s][key][i], `step ${s} ${key}[${i}]`));
    }
    assert.equal(h.nonFinite, kernels.steps[s].nonFinite);
  });
}

test('host and kernel step statistics agree step by step', async () => {
  assertSameSteps(await trace(true), await trace(false));
});

// On wasm with plain Adam the update pass gives the sums (no weights copy); with clipping the gradient
// sums still come from the unclipped gradients; AdamW (decay outside the pass) keeps the copy.
for (const optimizer of [
  { name: 'adam', learningRate: 0.05 },
  { name: 'adam', learningRate: 0.05, clipValue: 0.01 },
  { name: 'adamw', learningRate: 0.05, weightDecay: 0.1 },
] as Optimizer[]) {
  test(`host and kernel step statistics agree on wasm with ${JSON.stringify(optimizer)}`, async () => {
    assertSameSteps(await trace(true, 'wasm', optimizer), await trace(false, 'wasm', optimizer));
  });
}

for (const backend of ['cpu', 'wasm'] as const) test(`host and kernel activation statistics agree for relu, tanh, sigmoid and softmax layers (${backend})`, async () => {
  const host = await trace(true, backend);
  const kernels = await trace(false, backend);
  assert.equal(host.probes.length, kernels.probes.length);
  host.probes.forEach((layers, p) =>
    layers.forEach((h, l) => {
      const k = kernels.probes[p][l];
      for (const key of ['mean', 'std', 'rms', 'maxAbs', 'zeroFraction', 'deadFraction', 'saturatedFraction'] as const) {
        if (k[key] === undefined) assert.equal(h[key], undefined, `${h.layer}.${key}`);
        else close(h[key]!, k[key]!, `probe ${p} ${h.layer}.${key}`);
      }
    }),
  );
  // The rules read these: make sure they are not all trivially zero.
  const seen = host.probes.flat();
  for (const key of ['deadFraction', 'saturatedFraction'] as const) assert.ok(seen.some((s) => (s[key] ?? 0) > 0), `some ${key} above 0`);
});

test('neither path leaks tensors', async () => {
  assert.equal((await trace(true)).leaked, 0);
  assert.equal((await trace(false)).leaked, 0);
});

test('the loop times its diagnostics work (probes, host statistics)', async () => {
  const { diagnosticsSeconds } = await trace(true);
  assert.ok(diagnosticsSeconds > 0, `diagnosticsSeconds = ${diagnosticsSeconds}`);
});

test('gradientSums and updateSums: known numbers, NaN stays visible', () => {
  assert.deepEqual(gradientSums(Float32Array.from([3, -4])), { squares: 25, maxAbs: 4 });
  const nan = gradientSums(Float32Array.from([1, NaN, 2]));
  assert.ok(Number.isNaN(nan.squares) && Number.isNaN(nan.maxAbs));
  assert.deepEqual(updateSums(Float32Array.from([1, 2]), Float32Array.from([1, 0])), { weightSquares: 5, updateSquares: 4 });
  // Every length's tail (n % 4 = 0…3) counts, and nothing beyond the array does.
  for (let n = 1; n <= 13; n++) {
    const g = Float32Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (i + 1));
    const before = g.map((v) => v - 0.5);
    const squares = g.reduce((a, v) => a + v * v, 0);
    assert.deepEqual(gradientSums(g), { squares, maxAbs: n }, `length ${n}`);
    assert.deepEqual(updateSums(g, before), { weightSquares: squares, updateSquares: 0.25 * n }, `length ${n}`);
  }
  const wide = new Float32Array(9).fill(1);
  wide[8] = NaN;
  assert.ok(Number.isNaN(gradientSums(wide).maxAbs), 'a NaN in the tail');
});
