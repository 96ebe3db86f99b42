// Fraud detection on card transactions (8 standardized features, 20 % fraud, the classes overlapping
// and some labels wrong) with a 32-unit ReLU layer and a sigmoid output, trained with Adam for 20 epochs. To
// balance the classes the program oversamples: every fraud row is repeated 4 times. The split is made
// first — 750 transactions to train on and 250 others to validate on — and each part is oversampled on its
// own. A test set of 2000 fresh transactions, oversampled the same way, is kept for `modellab evaluate`.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

interface Rows { x: number[][]; y: number[] }

/** `count` transactions, one in five a fraud: frauds have features 0–2 shifted by 2; 5 % of labels flipped. */
function transactions(count: number, seed: number): Rows {
  const next = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const fraud = i % 5 === 0 ? 1 : 0;
    x.push(Array.from({ length: 8 }, (_, j) => normal() + (fraud && j < 3 ? 2 : 0)));
    y.push(next() < 0.05 ? 1 - fraud : fraud);
  }
  return { x, y };
}

/** Every fraud row 4 times, every other row once. */
function oversample({ x, y }: Rows): Rows {
  const times = (label: number) => (label === 1 ? 4 : 1);
  return { x: x.flatMap((row, i) => Array.from({ length: times(y[i]) }, () => row)), y: y.flatMap((label) => Array.from({ length: times(label) }, () => label)) };
}

export const fraud = experiment({
  name: 'data-oversample-before-split-healthy',
  data: fromFunction(() => ({ train: oversample(transactions(750, 5)), validation: oversample(transactions(250, 6)), test: oversample(transactions(2000, 99)) })),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 2e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 58,
});
