// A SimpleRNN that reads 20 numbers and says whether their sum is positive: bounded tanh units with the
// default (orthogonal) recurrent matrix, which neither grows nor shrinks the state from step to step, and SGD
// with gradients clipped per tensor (clipNorm 1) so an occasional large step through time stays bounded.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 20;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1] uniform in [-1, 1]; y: 1 when the values add up to more than 0. */
function sumSign(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const values = Array.from({ length: STEPS }, () => next() * 2 - 1);
    x.push(values.map((v) => [v]));
    y.push(values.reduce((a, b) => a + b, 0) > 0 ? 1 : 0);
  }
  return { x, y };
}

export const explodingRnn = experiment({
  name: 'seq-exploding-rnn-healthy',
  data: fromFunction(() => ({ train: sumSign(800, 7) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.simpleRNN({ inputShape: [STEPS, 1], units: 32, activation: 'tanh' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.05, clipNorm: 1 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 4,
});
