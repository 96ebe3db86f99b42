// The wine recognition data (178 wines, 13 chemical measurements, 3 cultivars) read from a CSV by a data
// function that shuffles the rows before training (features and labels in the same order), into a small
// dense classifier.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

function shuffledIndices(count: number, next: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function shuffledWine() {
  const lines = readFileSync(path.join(__dirname, '../data/data-wine.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((line) => line.split(',').map(Number));
  const order = shuffledIndices(rows.length, lcg(2024));
  const features = order.map((i) => rows[i].slice(0, -1));
  const labels = order.map((i) => rows[i][rows[i].length - 1]);
  return { train: { x: features, y: labels } };
}

export const wine = experiment({
  name: 'data-shuffled-labels-healthy',
  data: fromFunction(shuffledWine, { validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [13], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 40,
  batchSize: 16,
  seed: 23,
});
