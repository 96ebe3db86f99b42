// Token ids (vocabulary of 40) into an Embedding and an LSTM that tells which of four topics a 12-word
// sentence is about (many of its words come from the topic's id range). The labels are one-hot vectors.
// Categorical cross-entropy on the four-way softmax.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const VOCABULARY = 40;
const LENGTH = 12;
const TOPICS = 4;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** A sentence about topic k draws each word from k's ids (8k + 1 … 8k + 8) with probability 0.4, else from
 * the whole vocabulary (ids 33–39 belong to no topic); y is the one-hot topic. */
function sentences(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < count; i++) {
    const topic = Math.floor(next() * TOPICS);
    x.push(Array.from({ length: LENGTH }, () => (next() < 0.4 ? 8 * topic + 1 + Math.floor(next() * 8) : 1 + Math.floor(next() * (VOCABULARY - 1)))));
    y.push(Array.from({ length: TOPICS }, (_, k) => (k === topic ? 1 : 0)));
  }
  return { x, y };
}

export const topics = experiment({
  name: 'seq-embedding-wrong-loss-healthy',
  data: fromFunction(() => ({ train: sentences(800, 9) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 8, inputLength: LENGTH }),
        tf.layers.lstm({ units: 24 }),
        tf.layers.dense({ units: TOPICS, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 5e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 14,
});
