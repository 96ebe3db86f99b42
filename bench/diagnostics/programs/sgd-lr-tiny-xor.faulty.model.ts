// The XOR pattern (four quadrants, two classes) with a two-hidden-layer tanh MLP, trained with plain
// SGD at a learning rate of 1e-6, far too small for anything to be learned in the planned epochs.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const quadrants = experiment({
  name: 'quadrants',
  data: datasets.xor({ samples: 800, noise: 0.05, validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 16, activation: 'tanh' }),
        tf.layers.dense({ units: 16, activation: 'tanh' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 1e-6 }, // ← fault
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 23,
});
