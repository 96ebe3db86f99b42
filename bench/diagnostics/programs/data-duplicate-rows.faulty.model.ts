// Churn prediction for 500 customers from 8 account features, labels noisy as real churn is. The export
// joined the customer table with a table of 6 monthly invoices, so each customer arrives as 6 identical
// rows. Fault: the duplicated rows are split into training and validation as they are — most validation
// rows have an exact twin in the training split, so the validation accuracy rewards memorizing customers.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

function customers(count: number, seed: number) {
  const next = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = Array.from({ length: 8 }, normal);
    const logit = 1.5 * f[0] - f[1] + 0.8 * f[2] * f[3];
    x.push(f);
    y.push(next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0);
  }
  return { x, y };
}

/** The export: every customer once per invoice month. */
function exported() {
  const { x, y } = customers(500, 37);
  const months = 6;
  return { train: { x: x.flatMap((row) => Array.from({ length: months }, () => row)), y: y.flatMap((label) => Array.from({ length: months }, () => label)) } };
}

export const churn = experiment({
  name: 'data-duplicate-rows-faulty',
  data: fromFunction(exported, { validationSplit: 0.25 }), // ← fault
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adagrad', learningRate: 0.05 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 32,
  seed: 38,
});
