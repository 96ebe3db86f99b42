// FAULTY ON PURPOSE: Adam with a learning rate of 0.1, at the top of its usual range and too high for
// this network. Every epoch overshoots: the training loss jumps up and down around 2 instead of falling.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const oscillating = experiment({
  name: 'oscillating-loss',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.1 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  seed: 9,
});
