// Handwritten digits (8×8 pixels, 10 classes) with a small multilayer perceptron.
// Reaches about 97% validation accuracy in a few seconds on the CPU.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsMlp = experiment({
  name: 'digits-mlp',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 42,
});
