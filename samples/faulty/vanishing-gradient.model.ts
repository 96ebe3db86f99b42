// FAULTY ON PURPOSE: a deep stack of sigmoid layers trained with plain SGD. Each sigmoid scales the
// gradient by at most 0.25, so the first layers receive almost nothing and barely move.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

export const vanishing = experiment({
  name: 'vanishing-gradient',
  data: datasets.digits({ validationSplit: 0.2 }),
  model: () => {
    const layers: tf.layers.Layer[] = [tf.layers.dense({ inputShape: [64], units: 32, activation: 'sigmoid' })];
    for (let i = 0; i < 9; i++) layers.push(tf.layers.dense({ units: 32, activation: 'sigmoid' }));
    layers.push(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return tf.sequential({ layers });
  },
  optimizer: { name: 'sgd', learningRate: 0.05 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 2,
});
