// Wine cultivars (13 standardized features, 3 classes) with a one-hidden-layer MLP and Adagrad.
// Adagrad's learning rate is 0.05.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const wine = experiment({
  name: 'adagrad-lr-tiny-wine-healthy',
  data: datasets.wine({ validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adagrad', learningRate: 0.05 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 16,
  seed: 63,
});
