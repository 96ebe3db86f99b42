// FAULTY ON PURPOSE: every weight initialized to zero. The hidden layer's output is 0, so the
// output layer's kernel gets no gradient, and with a zero output kernel the hidden layer gets none
// either: both stay exactly at 0 and only the output bias learns (the class prior).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const unchanged = experiment({
  name: 'unchanged-weights',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'tanh', kernelInitializer: 'zeros' }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'zeros' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 16,
  seed: 10,
});
