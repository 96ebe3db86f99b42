// FAULTY ON PURPOSE: labels coded as −1 / +1 (as for an SVM) with a sigmoid output and binary
// cross-entropy, which need 0 / 1. The −1 labels ask the sigmoid for a value it cannot produce.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

function moonsPlusMinusOne() {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 400; i++) {
    const label = i % 2;
    const t = (Math.PI * (i >> 1)) / 200;
    x.push(label ? [1 - Math.cos(t), 0.5 - Math.sin(t)] : [Math.cos(t), Math.sin(t)]);
    y.push([label ? 1 : -1]);
  }
  return { train: { x, y } };
}

export const labelOutOfRange = experiment({
  name: 'label-out-of-range',
  data: datasets.fromFunction(moonsPlusMinusOne, { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 0.01 },
  loss: 'binaryCrossentropy',
  epochs: 10,
  seed: 16,
});
