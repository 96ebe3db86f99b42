// Diabetes disease-progression regression with a linear output and mean squared error, on targets
// standardized with the training split's statistics.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const progression = experiment({
  name: 'diabetes-progression',
  data: datasets.diabetes({ validationSplit: 0.2, normalizeTargets: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [10], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'adamw', learningRate: 1e-3, weightDecay: 1e-4 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 30,
  batchSize: 32,
  seed: 19,
});
