// Breast-cancer diagnosis with a three-layer MLP where every layer carries an L2 weight penalty of
// 1.0, so the penalty outweighs the data loss and pulls all weights towards zero.
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
          kernelRegularizer: tf.regularizers.l2({ l2: 1.0 }), // ← fault
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
