// Token ids (vocabulary of 40) into an Embedding and a GRU that tells which of four topics a 12-word
// sentence is about (many of its words come from the topic's id range); labels are class indices.
// Fault: the output layer has no activation (linear scores), while the cross-entropy loss expects
// probabilities — negative scores are clipped inside the log and their gradient is lost.
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
 * the whole vocabulary (ids 33–39 belong to no topic); y is the topic. */
function sentences(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const topic = Math.floor(next() * TOPICS);
    x.push(Array.from({ length: LENGTH }, () => (next() < 0.4 ? 8 * topic + 1 + Math.floor(next() * 8) : 1 + Math.floor(next() * (VOCABULARY - 1)))));
    y.push(topic);
  }
  return { x, y };
}

export const topicGru = experiment({
  name: 'seq-embedding-no-softmax-faulty',
  data: fromFunction(() => ({ train: sentences(600, 9) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 8, inputLength: LENGTH }),
        tf.layers.gru({ units: 16 }),
        tf.layers.dense({ units: TOPICS }), // ← fault
      ],
    }),
  optimizer: { name: 'adagrad', learningRate: 0.3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 15,
});
