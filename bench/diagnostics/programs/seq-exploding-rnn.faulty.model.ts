// A SimpleRNN that reads 20 numbers and says whether their sum is positive. Fault: ReLU units with a large
// random recurrent matrix (std 0.5 over 32 units, far above the stable scale) and plain SGD at lr 0.05
// with no gradient clipping — the hidden state and its gradient are multiplied by that matrix at every step,
// so they grow exponentially through time and training blows up.
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
  name: 'seq-exploding-rnn-faulty',
  data: fromFunction(() => ({ train: sumSign(800, 7) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.simpleRNN({ inputShape: [STEPS, 1], units: 32, activation: 'relu', recurrentInitializer: tf.initializers.randomNormal({ stddev: 0.5 }) }), // ← fault
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.05 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 4,
});
