// FAULTY ON PURPOSE: weights initialized far too large (standard deviation 2 regardless of fan-in).
// Each layer multiplies the signal's magnitude by about 2·sqrt(64) = 16, so the logits are huge,
// the softmax saturates and training is erratic from the first step.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const tooLarge = () => tf.initializers.randomNormal({ mean: 0, stddev: 2 });

export const explodingActivations = experiment({
  name: 'exploding-activations',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 128, activation: 'relu', kernelInitializer: tooLarge() }),
        tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: tooLarge() }),
        tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: tooLarge() }),
        tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tooLarge() }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 3,
});
