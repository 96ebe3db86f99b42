// Three interleaved spirals: a problem no linear model can solve. A functional model with a skip connection.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const spirals = experiment({
  name: 'spirals',
  data: datasets.spirals({ samples: 900, classes: 3, validationSplit: 0.2 }),
  model: () => {
    const input = tf.input({ shape: [2] });
    const h1 = tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }).apply(input) as tf.SymbolicTensor;
    const h2 = tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }).apply(h1) as tf.SymbolicTensor;
    const skip = tf.layers.add().apply([h1, h2]) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(skip) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: output });
  },
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  earlyStopping: { patience: 4, restoreBest: true },
  batchSize: 32,
  seed: 5,
});
