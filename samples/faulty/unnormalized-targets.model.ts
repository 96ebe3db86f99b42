// FAULTY ON PURPOSE: regression targets in their raw units (25..346) with mean squared error and a
// small learning rate: the loss starts in the tens of thousands and the output layer has to grow
// by two orders of magnitude before anything else is learned.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const unnormalizedTargets = experiment({
  name: 'unnormalized-targets',
  data: datasets.diabetes({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [10], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 10,
  seed: 14,
});
