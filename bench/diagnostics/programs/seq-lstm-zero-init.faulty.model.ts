// An LSTM that reads each 8×8 digit image row by row and names the digit, trained with momentum SGD. Every
// weight matrix is created with one shared initializer. Fault: that initializer is 'zeros' — the LSTM's
// output is 0 and the output layer's kernel is 0, so neither passes any gradient to the other: the LSTM and
// the output kernel never change, and only the output bias learns the class frequencies.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const INITIALIZER = 'zeros'; // ← fault

export const zeroLstm = experiment({
  name: 'seq-lstm-zero-init-faulty',
  data: datasets.digits({ shape: [8, 8], validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [8, 8], units: 32, kernelInitializer: INITIALIZER, recurrentInitializer: INITIALIZER }),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: INITIALIZER }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.05, momentum: 0.9 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 20,
});
