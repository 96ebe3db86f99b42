// Outlined circles, squares, crosses and filled triangles (16×16 grayscale PNGs, 100 per class, drawn at
// random sizes and places with pixel noise) read from a folder with datasets.images, classified by a small
// two-convolution CNN trained with RMSprop. Fault: a learning rate of 0.3, 300× RMSprop's default of 1e-3 —
// RMSprop divides each gradient by its running RMS, so every weight moves by about 0.3 per step whatever its
// gradient, far past the scale of the He-initialized kernels, and the loss jumps instead of falling.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const shapes = experiment({
  name: 'rmsprop-lr-high-shapes-cnn-faulty',
  data: datasets.images('../data/shapes', { size: [16, 16], grayscale: true, validationSplit: 0.25 }),
  model: (_params, data) =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: data.inputShape, filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: data.numClasses ?? 4, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 0.3 }, // ← fault
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 16,
  seed: 61,
});
