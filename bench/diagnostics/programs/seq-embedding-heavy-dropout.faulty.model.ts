// A sentiment classifier for 10-word "reviews": token ids (vocabulary of 50) into an Embedding and a
// GRU, then one sigmoid unit. A positive review uses words 2–7 more often, a negative one words 8–13;
// ids 14–49 are neutral. Fault: the GRU drops 90 % of its inputs and 90 % of its recurrent state
// (dropout and recurrentDropout 0.9) — almost nothing of a review reaches the cell during training.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const VOCABULARY = 50;
const LENGTH = 10;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Each word is a polarity word of the review's class with probability 0.15, else a neutral word. */
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

export const sentiment = experiment({
  name: 'seq-embedding-heavy-dropout-faulty',
  data: fromFunction(() => ({ train: reviews(600, 17) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 8, inputLength: LENGTH }),
        tf.layers.gru({ units: 16, dropout: 0.9, recurrentDropout: 0.9 }), // ← fault
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adamw', learningRate: 5e-3, weightDecay: 1e-4 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 18,
});
