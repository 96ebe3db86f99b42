// Three Conv2D ReLU layers and a softmax on the 8×8 digits, trained with Nesterov momentum SGD.
// The convolution kernels use He initialization.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const KERNEL_INIT = () => tf.initializers.heNormal({});

export const digitsCnn = experiment({
  name: 'cnn-big-init-nesterov-healthy',
  data: datasets.digits({ shape: [8, 8, 1], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: KERNEL_INIT() }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: KERNEL_INIT() }),
        tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: KERNEL_INIT() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9, nesterov: true },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 12,
  batchSize: 32,
  seed: 71,
});
