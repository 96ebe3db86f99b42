// Two interleaved half-moons, a two-hidden-layer ReLU MLP trained with Adam and binary cross-entropy.
// Fault: the single output unit has a softmax instead of a sigmoid; a softmax over one unit is always
// exactly 1, so every sample is predicted "class 1", the loss is constant and no gradient flows.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const moons = experiment({
  name: 'moons-softmax-single-unit-faulty',
  data: datasets.moons({ samples: 800, noise: 0.15, validationSplit: 0.25, oneHot: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 24, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 24, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'softmax' }), // ← fault
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 25,
  batchSize: 32,
  seed: 61,
});
