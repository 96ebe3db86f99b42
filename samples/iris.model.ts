// Fisher's iris flowers: 4 measurements, 3 species. A tiny network with early stopping.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const iris = experiment({
  name: 'iris',
  data: datasets.iris({ validationSplit: 0.3 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }) }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 150,
  batchSize: 16,
  earlyStopping: { patience: 8, restoreBest: true },
  seed: 1,
});
