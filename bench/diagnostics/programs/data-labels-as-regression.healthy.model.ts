// Handwritten digit recognition (1,797 8×8 images from a CSV, pixels scaled to [0, 1]) with a dense net
// trained with AdamW; 1,400 images train and the other 397 validate. Ten softmax outputs, one per digit,
// trained with cross-entropy on the class index.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

function digits() {
  const rows = readFileSync(path.join(__dirname, '../data/data-digits.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const next = lcg(7);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const split = (part: number[][]) => ({ x: part.map((r) => r.slice(0, 64).map((v) => v / 16)), y: part.map((r) => [r[64]]) });
  return { train: split(rows.slice(0, 1400)), validation: split(rows.slice(1400)) };
}

export const digitRegression = experiment({
  name: 'data-labels-as-regression-healthy',
  data: fromFunction(digits, { normalize: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adamw', learningRate: 2e-3, weightDecay: 1e-4 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 40,
});
