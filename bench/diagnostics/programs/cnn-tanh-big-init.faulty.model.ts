// Handwritten digits as 8×8 images with a two-convolution tanh CNN and a softmax head, trained with SGD
// with Nesterov momentum. Every layer takes its kernels from one shared initializer. Fault: that initializer
// draws from a normal distribution with standard deviation 3, not scaled by the layer's fan-in (9, 144 and
// 512 inputs per unit), so the pre-activations spread over ±10 to ±40: the tanh units sit at ±1 for almost
// every input with a gradient of ~0, and the softmax starts with logits spread over ±70 (a loss of ~14,
// against log 10 = 2.3 for a uniform guess).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const init = () => tf.initializers.randomNormal({ mean: 0, stddev: 3 }); // ← fault

export const digitsTanhCnn = experiment({
  name: 'cnn-tanh-big-init-faulty',
  data: datasets.digits({ shape: [8, 8, 1], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init() }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: init() }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init() }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9, nesterov: true },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 12,
  batchSize: 32,
  seed: 71,
});
