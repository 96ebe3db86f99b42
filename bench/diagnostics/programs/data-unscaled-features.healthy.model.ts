// Breast cancer diagnosis (569 tumours, 30 measurements, malignant/benign) with a small dense net trained
// with SGD. Every feature is standardized with the training split's mean and standard deviation, so areas
// in the thousands and smoothness around 0.1 enter on the same scale.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const diagnosis = experiment({
  name: 'data-unscaled-features-healthy',
  data: datasets.breastCancer({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.01 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 33,
});
