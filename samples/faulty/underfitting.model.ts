// FAULTY ON PURPOSE: a linear model (no hidden layer) for three interleaved spirals.
// No straight line separates them: training loss stays near that of guessing the class prior.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const underfitting = experiment({
  name: 'underfitting',
  data: datasets.spirals({ samples: 900, classes: 3, validationSplit: 0.2 }),
  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 3, activation: 'softmax' })] }),
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  seed: 7,
});
