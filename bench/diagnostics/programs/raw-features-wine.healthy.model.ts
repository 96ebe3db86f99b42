// Wine cultivar classification from the 13 chemical measurements, standardized with the training
// split's statistics.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const wineChem = experiment({
  name: 'wine-chemistry',
  data: datasets.wine({ validationSplit: 0.25, normalize: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 32, activation: 'tanh' }),
        tf.layers.dense({ units: 16, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 32,
  seed: 31,
});
