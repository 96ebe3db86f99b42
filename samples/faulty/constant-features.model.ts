// FAULTY ON PURPOSE: a churn table joined with a plans table where the join key did not match, so
// the "monthly fee" and "plan tier" columns were filled with their defaults in every row. They never
// vary: the model cannot use them, and the fees it should have used are missing.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

/** 500 customers: tenure, usage, support calls, then the two defaulted columns; churned or not (seeded). */
function customers() {
  let state = 11;
  const uniform = () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 500; i++) {
    const tenure = 60 * uniform();
    const usage = 10 * uniform();
    const calls = Math.floor(6 * uniform());
    const churn = calls * 0.6 - tenure / 20 - usage / 5 + 2 * uniform() > 0;
    x.push([tenure, usage, calls, 0, 1]); // monthly fee 0 and tier 1: the join's defaults
    y.push([churn ? 1 : 0]);
  }
  return { train: { x, y } };
}

export const constantFeatures = experiment({
  name: 'constant-features',
  data: datasets.fromFunction(customers, { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [5], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 11,
});
