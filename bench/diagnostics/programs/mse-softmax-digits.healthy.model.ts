// Handwritten digits (10 classes) with a softmax output and categorical cross-entropy, using plain SGD.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsSgd = experiment({
  name: 'digits-sgd',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.05 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 21,
});
