// Handwritten digits as 8×8 images with a four-convolution CNN (ReLU, He initialization) trained
// with plain SGD.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const conv = (filters: number) =>
  tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' });

export const digitsCnnSgd = experiment({
  name: 'digits-cnn-sgd',
  data: datasets.digits({ shape: [8, 8, 1], validationSplit: 0.2, limit: 1000 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.inputLayer({ inputShape: [8, 8, 1] }),
        conv(16),
        conv(16),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        conv(32),
        conv(32),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.05 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  batchSize: 32,
  seed: 59,
});
