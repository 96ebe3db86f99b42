// Token ids into an Embedding, then a GRU: a text-shaped model. The data are sequences of 12 word ids from a
// vocabulary of 30, generated from the seed; a sequence is "positive" (class 1) when it holds more words from
// ids 2–9 than from ids 10–17 (a toy sentiment rule; the other ids are neutral filler and 0 is padding). The
// ids go in as they are (Model Lab never standardizes inputs that feed an Embedding), and the model is built
// from the prepared data's description: its input shape and number of classes.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const VOCABULARY = 30;
const LENGTH = 12;

/** A seeded stream of numbers in [0, 1) (mulberry32), so every run sees the same sentences. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentences(count: number, seed: number) {
  const next = random(seed);
  const x: number[][] = [];
  const y: number[] = [];
  while (x.length < count) {
    const words = LENGTH - Math.floor(next() * 4); // 8–12 words, padded with 0 at the front
    const ids = Array.from({ length: LENGTH }, (_, i) => (i < LENGTH - words ? 0 : 1 + Math.floor(next() * (VOCABULARY - 1))));
    const positive = ids.filter((id) => id >= 2 && id <= 9).length;
    const negative = ids.filter((id) => id >= 10 && id <= 17).length;
    if (positive === negative) continue; // no ties: every sentence has a label
    x.push(ids);
    y.push(positive > negative ? 1 : 0);
  }
  return { x, y };
}

export const textGru = experiment({
  name: 'text-gru',
  data: fromFunction(() => ({ train: sentences(800, 1), test: sentences(200, 2) }), { validationSplit: 0.2 }),
  model: (_params, data) =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 8, inputLength: data.inputShape[0] }),
        tf.layers.gru({ units: 16 }),
        tf.layers.dense({ units: data.numClasses ?? 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.002 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 25,
  batchSize: 32,
  seed: 3,
});
