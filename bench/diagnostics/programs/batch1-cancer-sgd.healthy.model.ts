// Breast-cancer diagnosis with a two-hidden-layer ReLU MLP trained with plain SGD at a learning rate
// of 0.3 on mini-batches of 32.
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
  batchSize: 32,
  seed: 43,
});
