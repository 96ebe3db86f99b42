// Breast cancer diagnosis (Wisconsin, 30 features, benign vs malignant): binary classification
// with L2 regularization, dropout and a cosine learning-rate schedule with warm-up.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const breastCancer = experiment({
  name: 'breast-cancer',
  data: datasets.breastCancer({ validationSplit: 0.2, testSplit: 0.1 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 32, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }) }),
        tf.layers.dropout({ rate: 0.2 }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adamw', learningRate: { schedule: 'cosine', initial: 3e-3, warmupEpochs: 2 }, weightDecay: 1e-4 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 32,
  seed: 3,
});
