// FAULTY ON PURPOSE: a large network trained for long on only 60 digits. It memorizes them:
// training loss goes to ~0 while validation loss climbs after a few epochs.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const overfitting = experiment({
  name: 'overfitting',
  data: datasets.digits({ validationSplit: 0.3, limit: 60 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 256, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 3e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 80,
  batchSize: 16,
  seed: 6,
});
