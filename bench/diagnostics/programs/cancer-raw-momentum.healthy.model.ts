// Breast-cancer diagnosis (30 features) with a two-hidden-layer MLP and momentum SGD.
// The features are standardized with the training split's statistics.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const cancer = experiment({
  name: 'cancer-raw-momentum-healthy',
  data: datasets.breastCancer({ validationSplit: 0.25, normalize: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 25,
  batchSize: 32,
  seed: 64,
});
