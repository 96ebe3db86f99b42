// A SimpleRNN (32 tanh units) reads 30 readings of a noisy signal (uniform in [−1, 1]) and predicts its
// smoothed level at the end: three times the exponentially weighted moving average with a factor of 0.2
// (targets of spread ~0.6).
// A regression with mean squared error, trained with SGD with momentum 0.9 and no gradient clipping.
// The learning rate is 0.05.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 30;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1] uniform in [−1, 1]; y: [3 × the moving average m ← 0.8 m + 0.2 x at the last step]. */
function signals(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[][] = [];
  for (let i = 0; i < count; i++) {
    const values = Array.from({ length: STEPS }, () => next() * 2 - 1);
    let level = 0;
    for (const v of values) level = 0.8 * level + 0.2 * v;
    x.push(values.map((v) => [v]));
    y.push([3 * level]);
  }
  return { x, y };
}

export const smoother = experiment({
  name: 'rnn-momentum-lr-high-ewma-healthy',
  data: fromFunction(() => ({ train: signals(800, 3) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.simpleRNN({ inputShape: [STEPS, 1], units: 32 }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.05, momentum: 0.9 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 12,
  batchSize: 32,
  seed: 5,
});
