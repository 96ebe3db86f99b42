// Regression on the wine data (CSV): predict a wine's proline content (mg/L, 278 to 1680, mean ~750) from
// its 12 other measurements and its cultivar, with a two-hidden-layer ReLU MLP trained with Adam.
// Features and the target are standardized with the training split's statistics (so the loss and the MAE
// are in units of the target's standard deviation, ~315 mg/L).
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const proline = experiment({
  name: 'wine-proline-raw-targets-healthy',
  data: datasets.csv('../data/data-wine.csv', { target: 'proline', task: 'regression', validationSplit: 0.2, normalizeTargets: true }),
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
