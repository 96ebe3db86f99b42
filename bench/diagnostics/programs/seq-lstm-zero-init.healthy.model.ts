// An LSTM that reads each 8×8 digit image row by row and names the digit, trained with momentum SGD. Every
// weight matrix is created with one shared initializer, Glorot-uniform: small random values of the right
// scale for the layer's width, so the units start different from each other.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const INITIALIZER = 'glorotUniform';

export const zeroLstm = experiment({
  name: 'seq-lstm-zero-init-healthy',
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
