// Wine cultivars (13 standardized features, 3 classes) with a one-hidden-layer MLP and Adagrad.
// Fault: Adagrad's learning rate is 1e-4 — Adagrad only ever shrinks its step (it divides by the
// growing sum of squared gradients), so it needs a large base rate (Keras' default is 1e-3, typical
// values 1e-2 to 1e-1); at 1e-4 the weights barely move in 40 epochs.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const wine = experiment({
  name: 'adagrad-lr-tiny-wine-faulty',
  data: datasets.wine({ validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adagrad', learningRate: 1e-4 }, // ← fault
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 16,
  seed: 63,
});
