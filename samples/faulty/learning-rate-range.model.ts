// FAULTY ON PURPOSE: Adam with a learning rate of 1e-7, some 10,000× below its usual range.
// Nothing wrong happens; nothing happens at all.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const learningRateRange = experiment({
  name: 'learning-rate-range',
  data: datasets.iris({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-7 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 17,
});
