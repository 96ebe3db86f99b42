// An LSTM that reads each 8×8 digit image row by row (8 steps of 8 pixels) and names the digit.
// Adam at a learning rate of 0.005, a little above its default since the model is small.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitRowsLstm = experiment({
  name: 'seq-lstm-high-lr-healthy',
  data: datasets.digits({ shape: [8, 8], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [8, 8], units: 32 }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.005 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 64,
  seed: 8,
});
