// Review scoring on 16-word reviews (vocabulary of 60 token ids): an Embedding averaged over the review
// (GlobalAveragePooling1D, a bag of words), a small ReLU layer and a linear output that predicts the
// review's score, trained with Adam. Words 1–8 are praise and 9–16 complaints; the score is (praise −
// complaints) / 2 plus noise, so it runs from about −3 to +3 around 0. The loss is mean squared error.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const VOCABULARY = 60;
const LENGTH = 16;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Each word is praise (1–8) with probability p, a complaint (9–16) with 0.3 − p, else neutral (17–59),
 * where p is drawn per review in [0, 0.3]; y is [(praise − complaints) / 2 + noise]. */
function reviews(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < count; i++) {
    const p = 0.3 * next();
    let score = 0;
    x.push(Array.from({ length: LENGTH }, () => {
      const u = next();
      if (u < p) return score++, 1 + Math.floor(next() * 8);
      if (u < 0.3) return score--, 9 + Math.floor(next() * 8);
      return 17 + Math.floor(next() * (VOCABULARY - 17));
    }));
    y.push([score / 2 + 0.3 * (next() * 2 - 1)]);
  }
  return { x, y };
}

export const reviewScore = experiment({
  name: 'embedding-bce-regression-healthy',
  data: fromFunction(() => ({ train: reviews(800, 23), validation: reviews(200, 24) })),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 12, inputLength: LENGTH }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 25,
  batchSize: 32,
  seed: 24,
});
