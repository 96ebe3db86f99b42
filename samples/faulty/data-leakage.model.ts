// FAULTY ON PURPOSE: the rows were oversampled (every sample appended twice) before the validation
// split was drawn, so most validation rows have an identical twin in the training split. The
// validation accuracy measures memory, not generalization.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

/** 300 noisy two-class points in 6 dimensions, then the whole table appended again (seeded). */
function oversampled() {
  let state = 23;
  const uniform = () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 300; i++) {
    const cls = i % 2;
    x.push(Array.from({ length: 6 }, (_, j) => normal() + (j < 2 ? (cls ? 1 : -1) : 0)));
    y.push([cls]);
  }
  return { train: { x: [...x, ...x], y: [...y, ...y] } };
}

export const leakage = experiment({
  name: 'data-leakage',
  data: datasets.fromFunction(oversampled, { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [6], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 23,
});
