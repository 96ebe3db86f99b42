// Breast-cancer diagnosis with a two-hidden-layer ReLU MLP trained with plain SGD at a learning rate
// of 0.3 (a rate that suits large batches) but with a batch size of 1, so every step follows a
// single sample's gradient at full size.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const cancerSgd = experiment({
  name: 'cancer-sgd',
  data: datasets.breastCancer({ validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [30], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 1, // ← fault
  seed: 43,
});
