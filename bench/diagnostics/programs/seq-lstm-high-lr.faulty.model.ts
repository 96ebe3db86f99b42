// An LSTM that reads each 8×8 digit image row by row (8 steps of 8 pixels) and names the digit.
// Fault: Adam with a learning rate of 0.5 — hundreds of times Adam's usual step size, so every update
// throws the gates' weights far past the minimum and the loss never settles.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitRowsLstm = experiment({
  name: 'seq-lstm-high-lr-faulty',
  data: datasets.digits({ shape: [8, 8], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [8, 8], units: 32 }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.5 }, // ← fault
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 64,
  seed: 8,
});
