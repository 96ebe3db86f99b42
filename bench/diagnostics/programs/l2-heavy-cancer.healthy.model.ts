// Breast-cancer diagnosis with a three-layer MLP and a light L2 weight penalty (1e-3) on every layer.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const SIZES = [64, 32, 2];

export const cancerL2 = experiment({
  name: 'cancer-l2',
  data: datasets.breastCancer({ validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: SIZES.map((units, i) =>
        tf.layers.dense({
          ...(i === 0 ? { inputShape: [30] } : {}),
          units,
          activation: i === SIZES.length - 1 ? 'softmax' : 'relu',
          kernelInitializer: 'heNormal',
          kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }),
        }),
      ),
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 37,
});
