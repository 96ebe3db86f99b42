// FAULTY ON PURPOSE: standardization turned off on features whose scales differ by 10,000×
// (areas in the thousands next to ratios below 0.1).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const unnormalizedInputs = experiment({
  name: 'unnormalized-inputs',
  data: datasets.wine({ validationSplit: 0.2, normalize: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 13,
});
