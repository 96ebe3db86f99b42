// Handwritten digits with a wide two-hidden-layer MLP (512-512) trained on the full training split.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsWide = experiment({
  name: 'digits-wide',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 512, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 512, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 41,
});
