// Diabetes disease-progression regression (targets from 25 to 346) with a linear output, trained on
// the raw target values with mean squared error instead of standardized targets.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const progression = experiment({
  name: 'diabetes-progression',
  data: datasets.diabetes({ validationSplit: 0.2 }), // ← fault
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
