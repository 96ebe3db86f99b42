// A SimpleRNN that remembers the first value of a 30-step sequence (its sign is the label; the other 29
// steps are noise in [-1, 1], so the values are already on a unit scale). Default initializers: an
// orthogonal recurrent matrix keeps the state's norm from step to step, so step 0 still reaches the end.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 30;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1] — step 0 is ±1, every later step is uniform noise in [-1, 1]; y: 1 when step 0 was +1. */
function firstValueTask(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = next() < 0.5 ? 0 : 1;
    x.push(Array.from({ length: STEPS }, (_, t) => [t === 0 ? (label ? 1 : -1) : next() * 2 - 1]));
    y.push(label);
  }
  return { x, y };
}

export const longRangeRnn = experiment({
  name: 'seq-long-range-rnn-healthy',
  data: fromFunction(() => ({ train: firstValueTask(640, 11) }), { validationSplit: 0.25, normalize: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.simpleRNN({ inputShape: [STEPS, 1], units: 16, activation: 'tanh' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 5,
});
