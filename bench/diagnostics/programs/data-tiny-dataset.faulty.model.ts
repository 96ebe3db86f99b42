// Wine cultivar classification (13 chemical measurements, 3 cultivars) from a CSV, with a small dense net
// trained with RMSprop. Fault: only the first 24 wines of a random draw are used, and 15 % of those
// (4 wines) are held out — 20 samples to learn 3 classes from, and a validation split in which some
// cultivar has one sample or none, so the validation accuracy jumps in steps of 25 points.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** `count` wines drawn at random (without replacement) from the data set's 178. */
function wines(count: number) {
  const rows = readFileSync(path.join(__dirname, '../data/data-wine.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const next = lcg(99);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const picked = rows.slice(0, count);
  return { train: { x: picked.map((r) => r.slice(0, -1)), y: picked.map((r) => r[r.length - 1]) } };
}

export const pilotWines = experiment({
  name: 'data-tiny-dataset-faulty',
  data: fromFunction(() => wines(24), { validationSplit: 0.15 }), // ← fault
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 3e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 8,
  seed: 31,
});
