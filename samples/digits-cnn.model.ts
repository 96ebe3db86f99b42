// Handwritten digits as 8×8×1 images with a small convolutional network.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsCnn = experiment({
  name: 'digits-cnn',
  data: datasets.digits({ shape: [8, 8, 1], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.flatten(),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 2e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 12,
  batchSize: 32,
  seed: 7,
});
