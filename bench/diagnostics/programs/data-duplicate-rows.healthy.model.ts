// Churn prediction for 500 customers from 8 account features, labels noisy as real churn is. The export
// joined the customer table with a table of 6 monthly invoices, so each customer arrives as 6 identical
// rows; the data function keeps one row per customer before the validation split, so no customer is on both
// sides.
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
  return { x: x.flatMap((row) => Array.from({ length: months }, () => row)), y: y.flatMap((label) => Array.from({ length: months }, () => label)) };
}

/** One row per customer: the first of each group of identical feature rows. */
function deduplicated() {
  const { x, y } = exported();
  const seen = new Set<string>();
  const keep = x.map((row) => {
    const key = row.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { train: { x: x.filter((_, i) => keep[i]), y: y.filter((_, i) => keep[i]) } };
}

export const churn = experiment({
  name: 'data-duplicate-rows-healthy',
  data: fromFunction(deduplicated, { validationSplit: 0.25 }),
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
