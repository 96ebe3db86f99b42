// FAULTY ON PURPOSE: categorical cross-entropy on a ReLU output layer. Cross-entropy expects
// probabilities (a softmax); ReLU outputs are not normalized and can be exactly 0.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const mismatch = experiment({
  name: 'loss-activation-mismatch',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'relu' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 12,
});
