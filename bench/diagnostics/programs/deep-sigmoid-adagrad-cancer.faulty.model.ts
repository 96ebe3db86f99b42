// Breast-cancer diagnosis (569 tumours, 30 measurements) with a deep MLP: eight hidden layers of 16 units,
// built in a loop, trained with Adagrad. Fault: the hidden layers use sigmoid — each passes back at most a
// quarter of the gradient (sigmoid′ ≤ 0.25) times weights of Glorot scale, so after eight of them the first
// layers get almost nothing, the last hidden layer's output hardly depends on the tumour, and Adagrad's
// per-weight scaling does not make up for it: the net stays at the majority-class guess.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

const DEPTH = 8;

export const deepCancer = experiment({
  name: 'deep-sigmoid-adagrad-cancer-faulty',
  data: datasets.breastCancer({ validationSplit: 0.2 }),
  model: () => {
    const model = tf.sequential();
    model.add(tf.layers.inputLayer({ inputShape: [30] }));
    for (let i = 0; i < DEPTH; i++) {
      model.add(tf.layers.dense({ units: 16, activation: 'sigmoid' })); // ← fault
    }
    model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
    return model;
  },
  optimizer: { name: 'adagrad', learningRate: 0.02 },
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 16,
  seed: 44,
});
