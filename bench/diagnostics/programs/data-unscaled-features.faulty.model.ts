// Breast cancer diagnosis (569 tumours, 30 measurements, malignant/benign) with a small dense net trained
// with SGD. Fault: the features go in raw (normalize: false) — areas in the hundreds to thousands next to
// smoothness and fractal dimension around 0.01–0.1, a spread of about 10,000× between columns, so the large
// columns dominate every pre-activation and gradient and SGD cannot find a step size that suits them all.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const diagnosis = experiment({
  name: 'data-unscaled-features-faulty',
  data: datasets.breastCancer({ validationSplit: 0.2, normalize: false }), // ← fault
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
