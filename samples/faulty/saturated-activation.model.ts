// FAULTY ON PURPOSE: raw, unscaled features (areas in the thousands) fed into tanh units.
// Nearly every unit sits at ±1, where tanh's gradient is ~0.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const saturated = experiment({
  name: 'saturated-activation',
  data: datasets.breastCancer({ validationSplit: 0.2, normalize: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 32, activation: 'tanh' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 5,
});
