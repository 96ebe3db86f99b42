// Three interleaved spirals with a three-hidden-layer ReLU MLP, trained with Adam.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const spiralArms = experiment({
  name: 'spiral-arms',
  data: datasets.spirals({ samples: 900, classes: 3, noise: 0.05, validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: {
    name: 'adam',
    learningRate: 0.003,
  },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 25,
  batchSize: 32,
  seed: 9,
});
