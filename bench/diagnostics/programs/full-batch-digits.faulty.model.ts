// Handwritten digits with a one-hidden-layer MLP trained with SGD with momentum, where the batch
// size (2048) is larger than the whole training split: every epoch is a single update, so 12 epochs
// make only 12 steps.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsFullBatch = experiment({
  name: 'digits-full-batch',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 12,
  batchSize: 2048, // ← fault
  seed: 47,
});
