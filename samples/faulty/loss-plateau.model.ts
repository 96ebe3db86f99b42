// FAULTY ON PURPOSE: a step schedule that divides the learning rate by 10,000 after two epochs.
// The model learns at first, then stalls far from what it could reach.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const plateau = experiment({
  name: 'loss-plateau',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: { schedule: 'step', initial: 0.02, stepEpochs: 2, gamma: 1e-4 } },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 50,
  seed: 8,
});
