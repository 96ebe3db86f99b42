// FAULTY ON PURPOSE: "is this digit a 0?" on data where only 1 in 20 examples is a zero.
// A model that always answers "no" is 95% accurate; accuracy alone hides that.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';
import * as fs from 'node:fs';
import * as path from 'node:path';

function zerosVersusRest() {
  const rows = fs.readFileSync(path.join(__dirname, '..', 'data', 'digits.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const zeros = rows.filter((r) => r[64] === 0).slice(0, 60);
  const rest = rows.filter((r) => r[64] !== 0).slice(0, 1200);
  const all = [...zeros, ...rest];
  return { train: { x: all.map((r) => r.slice(0, 64)), y: all.map((r) => [r[64] === 0 ? 1 : 0]) } };
}

export const imbalance = experiment({
  name: 'class-imbalance',
  data: datasets.fromFunction(zerosVersusRest, { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 15,
});
