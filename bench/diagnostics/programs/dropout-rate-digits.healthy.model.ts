// Handwritten digits with a two-hidden-layer MLP ported from TensorFlow 1, keep_prob = 0.9 correctly
// turned into Dropout's rate = 1 − keep_prob = 0.1.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const digitsDropout = experiment({
  name: 'digits-dropout',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () => {
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({ inputShape: [64] }));
    for (const units of [128, 64]) {
      model.add(tf.layers.dense({ units, activation: 'relu', kernelInitializer: 'heNormal' }));
      model.add(tf.layers.dropout({ rate: 0.1 }));
    }
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return model;
  },
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 25,
  batchSize: 32,
  seed: 29,
});
