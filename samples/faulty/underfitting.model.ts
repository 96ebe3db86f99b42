// FAULTY ON PURPOSE: a linear model (no hidden layer) for XOR. No straight line separates the two
// classes, so the model cannot do better than guessing: its loss stays at that of the class prior.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const underfitting = experiment({
  name: 'underfitting',
  data: datasets.xor({ samples: 400, validationSplit: 0.2 }),
  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] }),
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  seed: 7,
});
