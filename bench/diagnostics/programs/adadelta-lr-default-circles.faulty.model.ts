// Two concentric rings (1000 noisy points, the inner ring one class) classified by a two-hidden-layer tanh
// MLP trained with Adadelta. Fault: Adadelta run at a learning rate of 1e-3 (the default Keras and
// TensorFlow.js give it) — Adadelta's own step is already scaled by the running size of past updates,
// which starts near sqrt(epsilon); the paper's rule uses a factor of 1.0, and at 1e-3 the weights barely
// move from their random start in 30 epochs.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const rings = experiment({
  name: 'adadelta-lr-default-circles-faulty',
  data: datasets.circles({ samples: 1000, noise: 0.1, validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 24, activation: 'tanh' }),
        tf.layers.dense({ units: 24, activation: 'tanh' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adadelta', learningRate: 1e-3 }, // ← fault
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 26,
});
