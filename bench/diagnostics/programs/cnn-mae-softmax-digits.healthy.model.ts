// A small Conv2D network on the 8×8 digits, softmax over the ten classes, trained with plain SGD.
// Trained with categorical cross-entropy (MAE is only reported as a metric).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsCnn = experiment({
  name: 'cnn-mae-softmax-digits-healthy',
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
  optimizer: { name: 'sgd', learningRate: 0.05 },
  loss: 'categoricalCrossentropy',
  metrics: ['mae'],
  epochs: 15,
  batchSize: 32,
  seed: 62,
});
