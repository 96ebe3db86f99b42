// FAULTY ON PURPOSE: plain SGD with a learning rate above the stability limit of this problem
// (≈ 2 / the largest curvature of the loss). Every step overshoots by more than the last one: the
// gradients grow geometrically, by 100× within two epochs, and the loss follows them to infinity.
// Gradient clipping (clipNorm) or a 3× lower learning rate keeps it stable.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const explodingGradient = experiment({
  name: 'exploding-gradient',
  data: datasets.diabetes({ validationSplit: 0.2, normalizeTargets: true }),
  model: () =>
    tf.sequential({
      layers: [tf.layers.dense({ inputShape: [10], units: 1 })],
    }),
  optimizer: { name: 'sgd', learningRate: 0.3 },
  loss: 'meanSquaredError',
  epochs: 20,
  // Keep going after the loss diverges, to watch the gradients explode.
  stopOnDivergence: false,
  seed: 11,
});
