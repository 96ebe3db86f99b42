// A Conv1D regression: 32 samples of a noisy trace with one Gaussian pulse at a random place; the target
// is the pulse's energy in joules, 2000 × its height plus a 500 J baseline (≈ 600–3500 J). AdamW, MSE.
// The targets are standardized (normalizeTargets: true).
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const LENGTH = 32;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [LENGTH, 1] a pulse of height 0.05–1.5 and width 2–4 at a random centre, plus noise; y: [energy]. */
function pulses(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[][] = [];
  for (let i = 0; i < count; i++) {
    const height = 0.05 + 1.45 * next();
    const width = 2 + 2 * next();
    const centre = 4 + (LENGTH - 8) * next();
    x.push(Array.from({ length: LENGTH }, (_, t) => [height * Math.exp(-(((t - centre) / width) ** 2)) + 0.05 * (next() - 0.5)]));
    y.push([500 + 2000 * height]);
  }
  return { x, y };
}

export const pulseEnergy = experiment({
  name: 'conv1d-raw-targets-pulse-healthy',
  data: fromFunction(() => ({ train: pulses(800, 65) }), { validationSplit: 0.2, normalizeTargets: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [LENGTH, 1], filters: 16, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.globalMaxPooling1d(),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'adamw', learningRate: 3e-3, weightDecay: 1e-4 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 20,
  batchSize: 32,
  seed: 66,
});
