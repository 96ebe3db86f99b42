// An LSTM that predicts the next reading of a noisy sine-shaped sensor signal from the previous 16 readings.
// The readings are in millivolts (amplitude 1000); the inputs and the regression targets are both
// standardized with the training split's statistics (normalizeTargets), so the linear output predicts values
// of unit scale.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const WINDOW = 16;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Windows of a sine with a random period (12–28 samples) and phase, plus noise; y is the next reading. */
function readings(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[][] = [];
  for (let i = 0; i < count; i++) {
    const period = 12 + next() * 16;
    const phase = next() * 2 * Math.PI;
    const at = (t: number) => 1000 * Math.sin((2 * Math.PI * t) / period + phase) + 30 * (next() * 2 - 1);
    x.push(Array.from({ length: WINDOW }, (_, t) => [at(t)]));
    y.push([at(WINDOW)]);
  }
  return { x, y };
}

export const sensor = experiment({
  name: 'seq-unscaled-targets-healthy',
  data: fromFunction(() => ({ train: readings(600, 31) }), { validationSplit: 0.2, normalizeTargets: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [WINDOW, 1], units: 16 }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 2e-3 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 20,
  batchSize: 32,
  seed: 19,
});
