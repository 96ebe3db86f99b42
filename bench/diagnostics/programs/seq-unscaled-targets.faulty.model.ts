// An LSTM that predicts the next reading of a noisy sine-shaped sensor signal from the previous 16 readings.
// The readings are in millivolts (amplitude 1000). Fault: the regression targets are left in millivolts —
// the inputs are standardized but the outputs must reach ±1000 from a linear layer that starts near 0, so
// the squared error is in the hundreds of thousands and the model spends the whole run crawling towards it.
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
  name: 'seq-unscaled-targets-faulty',
  data: fromFunction(() => ({ train: readings(600, 31) }), { validationSplit: 0.2 }), // ← fault
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
