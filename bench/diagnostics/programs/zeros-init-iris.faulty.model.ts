// Iris species classification with a three-hidden-layer tanh MLP whose hidden layers all start
// from all-zero weights (kernelInitializer 'zeros'), trained with Adagrad.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const irisZeros = experiment({
  name: 'iris-mlp',
  data: datasets.iris({ validationSplit: 0.3 }),
  model: () => {
    const model = tf.sequential();
    for (const [i, units] of [16, 16, 8].entries()) {
      model.add(tf.layers.dense({ ...(i === 0 ? { inputShape: [4] } : {}), units, activation: 'tanh', kernelInitializer: 'zeros' })); // ← fault
    }
    model.add(tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: 'zeros' }));
    return model;
  },
  optimizer: { name: 'adagrad', learningRate: 0.05 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 50,
  batchSize: 16,
  seed: 3,
});
