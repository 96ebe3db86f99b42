// Wine cultivar classification (3 classes) whose output layer has no activation (linear scores),
// trained with categorical cross-entropy, which expects probabilities.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const wineCultivar = experiment({
  name: 'wine-cultivar',
  data: datasets.wine({ validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3 }), // ← fault
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 60,
  batchSize: 16,
  seed: 5,
});
