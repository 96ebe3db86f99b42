// Handwritten digits from the digits CSV as 8×8 images, classified by a CNN (two convolutions, a 64-unit
// dense layer, softmax) trained with Adam. The program draws a random subset of the 1797 digits and holds
// out 20 % of it for validation: 900 digits, so 720 to train on and 180 to validate on (about 18 per class).
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** `count` digits drawn at random (without replacement) from the CSV, as [8, 8, 1] images. */
function digitImages(count: number) {
  const rows = readFileSync(path.join(__dirname, '../data/data-digits.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const next = lcg(2024);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const picked = rows.slice(0, count);
  return {
    train: {
      x: picked.map((r) => Array.from({ length: 8 }, (_, i) => r.slice(8 * i, 8 * i + 8).map((v) => [v]))),
      y: picked.map((r) => r[64]),
    },
  };
}

export const fewDigits = experiment({
  name: 'cnn-tiny-digits-healthy',
  data: fromFunction(() => digitImages(900), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 16,
  seed: 91,
});
