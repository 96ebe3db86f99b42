// A sentiment classifier for 10-word "reviews" (vocabulary of 50): a 32-dimensional Embedding, a 64-unit
// LSTM and a softmax. A positive review uses words 2–7 more often, a negative one words 8–13. It trains on
// 800 labelled reviews, enough for a model of about 26,000 weights to learn the words rather than the reviews.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const VOCABULARY = 50;
const LENGTH = 10;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Each word is a polarity word of the review's class with probability 0.15, else a neutral word (14–49). */
function reviews(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const positive = next() < 0.5 ? 1 : 0;
    x.push(Array.from({ length: LENGTH }, () => (next() < 0.15 ? (positive ? 2 : 8) + Math.floor(next() * 6) : 14 + Math.floor(next() * 36))));
    y.push(positive);
  }
  return { x, y };
}

export const smallReviews = experiment({
  name: 'seq-embedding-memorize-healthy',
  data: fromFunction(() => ({ train: reviews(800, 41), validation: reviews(160, 42) })),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 32, inputLength: LENGTH }),
        tf.layers.lstm({ units: 64 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 5e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 8,
  batchSize: 32,
  seed: 22,
});
