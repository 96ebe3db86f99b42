// Handwritten digits with a deep MLP of seven ReLU hidden layers (32 units each, He initialization),
// trained with SGD with momentum.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const HIDDEN = [32, 32, 32, 32, 32, 32, 32];

export const digitsDeep = experiment({
  name: 'digits-deep',
  data: datasets.digits({ validationSplit: 0.2, limit: 1000 }),
  model: () =>
    tf.sequential({
      layers: [
        ...HIDDEN.map((units, i) =>
          tf.layers.dense({ ...(i === 0 ? { inputShape: [64] } : {}), units, activation: 'relu', kernelInitializer: 'heNormal' }),
        ),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 13,
});
