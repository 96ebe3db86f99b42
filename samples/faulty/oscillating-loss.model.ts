// FAULTY ON PURPOSE: plain SGD with a learning rate a little too large. Each step overshoots the
// minimum: the loss jumps up and down from batch to batch instead of going down.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const oscillating = experiment({
  name: 'oscillating-loss',
  data: datasets.wine({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 16, activation: 'tanh' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 16,
  seed: 9,
});
