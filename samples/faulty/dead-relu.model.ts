// FAULTY ON PURPOSE: biases initialized very negative. Most ReLU units output 0 for every input,
// receive no gradient and never recover ("dying ReLU").
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const deadRelu = experiment({
  name: 'dead-relu',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal', biasInitializer: tf.initializers.constant({ value: -6 }) }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 4,
});
