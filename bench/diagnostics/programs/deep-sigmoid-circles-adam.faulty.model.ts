// Two concentric circles classified by a deep, narrow MLP: ten hidden layers of 8 sigmoid units,
// trained with Adam. The gradient shrinks through every sigmoid layer on its way back to the input.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const ringsDeep = experiment({
  name: 'rings-deep',
  data: datasets.circles({ samples: 800, noise: 0.08, validationSplit: 0.2 }),
  model: () => {
    const model = tf.sequential();
    for (let i = 0; i < 10; i++) {
      model.add(tf.layers.dense({ ...(i === 0 ? { inputShape: [2] } : {}), units: 8, activation: 'sigmoid' })); // ← fault
    }
    model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
    return model;
  },
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 32,
  seed: 8,
});
