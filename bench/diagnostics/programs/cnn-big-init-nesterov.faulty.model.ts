// Three Conv2D ReLU layers and a softmax on the 8×8 digits, trained with Nesterov momentum SGD.
// Fault: the convolution kernels are drawn from N(0, 2²) — 4× (first layer) to 17× (3×3×16 kernels) He's scale —
// so each layer multiplies the signal's size by ~10–20, the logits are in the thousands, and the first
// updates are huge.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const KERNEL_INIT = () => tf.initializers.randomNormal({ mean: 0, stddev: 2 }); // ← fault

export const digitsCnn = experiment({
  name: 'cnn-big-init-nesterov-faulty',
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
