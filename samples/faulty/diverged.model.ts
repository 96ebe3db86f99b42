// FAULTY ON PURPOSE: a learning rate of 20 for plain SGD. The first updates throw the weights so far
// that the loss overflows to infinity within three steps; Model Lab reports `diverged` on the
// learning-rate line and stops the run.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const diverged = experiment({
  name: 'diverged',
  data: datasets.diabetes({ validationSplit: 0.2, normalizeTargets: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [10], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 20 },
  loss: 'meanSquaredError',
  epochs: 10,
  seed: 1,
});
