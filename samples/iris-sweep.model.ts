// A small random search on iris: hidden units, learning rate and dropout. `modellab sweep` trains six
// trials, two at a time (seconds each), and ranks them by validation loss. A plain
// `modellab train` of this file uses each param's default: 16 units, lr 3.2e-3, no dropout.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets, choice, logUniform } from 'modellab';

export const irisSweep = experiment({
  name: 'iris-sweep',
  data: datasets.iris({ validationSplit: 0.3 }),
  model: (params) =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: params.units as number, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dropout({ rate: params.dropout as number }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: 'adam',
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 16,
  seed: 3,
  sweep: {
    method: 'random',
    trials: 6,
    params: {
      units: choice([16, 4, 32]),
      learningRate: logUniform(1e-3, 1e-2),
      dropout: choice([0, 0.1, 0.2, 0.3]),
    },
    parallel: 2,
  },
});
