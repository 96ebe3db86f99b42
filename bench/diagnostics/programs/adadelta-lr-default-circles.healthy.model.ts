// Two concentric rings (1000 noisy points, the inner ring one class) classified by a two-hidden-layer tanh
// MLP trained with Adadelta at a learning rate of 1.0, the factor of Adadelta's original rule (its step is
// already scaled by the running size of past updates).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const rings = experiment({
  name: 'adadelta-lr-default-circles-healthy',
  data: datasets.circles({ samples: 1000, noise: 0.1, validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 24, activation: 'tanh' }),
        tf.layers.dense({ units: 24, activation: 'tanh' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adadelta', learningRate: 1.0 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 26,
});
