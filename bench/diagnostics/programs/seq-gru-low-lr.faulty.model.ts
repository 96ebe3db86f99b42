// A GRU that reads 8 one-hot tokens (vocabulary of 10) and says whether token 3 occurs anywhere in the
// sequence. Fault: plain SGD with a learning rate of 1e-5 — about a thousand times too small for SGD, so
// after all the epochs the weights have hardly moved from their random start.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 8;
const VOCABULARY = 10;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, VOCABULARY] one-hot tokens; y: 1 when token 3 is among them. */
function containsThree(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const tokens = Array.from({ length: STEPS }, () => Math.floor(next() * VOCABULARY));
    x.push(tokens.map((token) => Array.from({ length: VOCABULARY }, (_, k) => (k === token ? 1 : 0))));
    y.push(tokens.includes(3) ? 1 : 0);
  }
  return { x, y };
}

export const tokenDetector = experiment({
  name: 'seq-gru-low-lr-faulty',
  data: fromFunction(() => ({ train: containsThree(640, 3) }), { validationSplit: 0.2, normalize: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.gru({ inputShape: [STEPS, VOCABULARY], units: 16 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 1e-5 }, // ← fault
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 6,
});
