// Fitting a noisy sine wave (regression) with a six-layer ReLU MLP whose weights are drawn from a
// normal distribution with standard deviation 1 (far too large for 32-unit layers), trained with
// plain SGD and no gradient clipping.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const sineDeep = experiment({
  name: 'sine-deep',
  data: datasets.sine({ samples: 1000, noise: 0.05, validationSplit: 0.2 }),
  model: () => {
    const model = tf.sequential();
    for (let i = 0; i < 6; i++) {
      model.add(tf.layers.dense({
        ...(i === 0 ? { inputShape: [1] } : {}),
        units: 32,
        activation: 'relu',
        kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1 }), // ← fault
      }));
    }
    model.add(tf.layers.dense({ units: 1 }));
    return model;
  },
  optimizer: { name: 'sgd', learningRate: 0.01 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 40,
  batchSize: 32,
  seed: 17,
});
