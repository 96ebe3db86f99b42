// Breast cancer diagnosis, cross-validated: `modellab cross-validate samples/breast-cancer-cv.model.ts`
// trains 5 runs, each validating on a different fifth of the non-test rows (benign and malignant in
// the same proportion in every fold), and reports each metric's mean ± std over the folds: how much
// the score depends on which rows happened to be held out. The 10% test split stays out of every fold.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const breastCancerCv = experiment({
  name: 'breast-cancer-cv',
  data: datasets.breastCancer({ validationSplit: 0.2, testSplit: 0.1 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 16, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({ l2: 1e-3 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 3e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 3,
  crossValidation: { folds: 5, parallel: 'auto' },
});
