// Diabetes progression (10 clinical features → disease progression after one year): regression.
// Targets are standardized (normalizeTargets), so the loss is in squared standard deviations:
// 1.0 is what predicting the mean scores.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const diabetes = experiment({
  name: 'diabetes',
  data: datasets.diabetes({ validationSplit: 0.2, normalizeTargets: true }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [10], units: 32, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }) }),
        tf.layers.dropout({ rate: 0.2 }),
        tf.layers.dense({ units: 1 }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.01, clipNorm: 5 },
  loss: 'meanSquaredError',
  metrics: ['mae'],
  epochs: 40,
  batchSize: 32,
  // 353 training rows: stop when validation stops improving, and keep the best weights.
  earlyStopping: { patience: 4, restoreBest: true },
  reduceLROnPlateau: { patience: 2, factor: 0.5 },
  seed: 11,
});
