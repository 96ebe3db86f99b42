// Handwritten digits as 8×8 images with a small CNN (ReLU convolutions, He initialization, zero biases).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsConv = experiment({
  name: 'digits-conv',
  data: datasets.digits({ shape: [8, 8, 1], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  batchSize: 32,
  seed: 53,
});
