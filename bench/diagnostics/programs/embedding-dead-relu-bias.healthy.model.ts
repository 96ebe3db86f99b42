// Topic tagging of 12-token support tickets (vocabulary of 60): an Embedding averaged over the ticket,
// a ReLU layer and a sigmoid unit (billing vs. technical), trained with plain SGD.
// The ReLU layer's biases start at zero.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const VOCABULARY = 60;
const LENGTH = 12;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** Each token is a topic word (ids 2–11 billing, 12–21 technical) with probability 0.3, else ids 22–59. */
function tickets(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const technical = next() < 0.5 ? 1 : 0;
    x.push(Array.from({ length: LENGTH }, () => (next() < 0.3 ? (technical ? 12 : 2) + Math.floor(next() * 10) : 22 + Math.floor(next() * 38))));
    y.push(technical);
  }
  return { x, y };
}

export const tickets_ = experiment({
  name: 'embedding-dead-relu-bias-healthy',
  data: fromFunction(() => ({ train: tickets(800, 69) }), { validationSplit: 0.2, oneHot: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.embedding({ inputDim: VOCABULARY, outputDim: 16, inputLength: LENGTH }),
        tf.layers.globalAveragePooling1d(),
        tf.layers.dense({ units: 32, activation: 'relu', biasInitializer: 'zeros' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.5 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 70,
});
