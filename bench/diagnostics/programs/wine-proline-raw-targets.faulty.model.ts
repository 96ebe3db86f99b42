// Regression on the wine data (CSV): predict a wine's proline content (mg/L, 278 to 1680, mean ~750) from
// its 12 other measurements and its cultivar, with a two-hidden-layer ReLU MLP trained with Adam.
// Features are standardized. Fault: the target is left in mg/L (normalizeTargets is not set) — the linear
// output starts near 0 and has to reach ~750 with Adam's steps of about the learning rate (1e-3) per weight,
// the squared error starts around 630,000, and after 40 epochs the predictions are still hundreds of mg/L
// too low.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const proline = experiment({
  name: 'wine-proline-raw-targets-faulty',
  data: datasets.csv('../data/data-wine.csv', { target: 'proline', task: 'regression', validationSplit: 0.2 }), // ← fault
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 40,
  batchSize: 16,
  seed: 66,
});
