// Handwritten digits from the 8×8 digits CSV, the pixels scaled from 0–16 to [0, 1] by the program (so no
// standardization: every input is ≥ 0), into a two-hidden-layer ReLU MLP trained with SGD with momentum.
// Fault: the first layer's kernel is drawn uniformly from [−0.1, −0.001] — every weight is negative, so with
// inputs that are all ≥ 0 (and zero biases) every pre-activation of that layer is ≤ 0 for every image:
// all its ReLU units output 0 from the first step, pass no gradient, and the layers above see only zeros.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The digits CSV: 64 pixel columns (0–16) and the digit; pixels divided by 16. */
function digits() {
  const rows = readFileSync(path.join(__dirname, '../data/data-digits.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  return { train: { x: rows.map((r) => r.slice(0, 64).map((v) => v / 16)), y: rows.map((r) => r[64]) } };
}

export const pixelsMlp = experiment({
  name: 'dense-negative-kernel-pixels-faulty',
  data: fromFunction(digits, { validationSplit: 0.2, normalize: false }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [64], units: 96, activation: 'relu', kernelInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: -0.001 }) }), // ← fault
        tf.layers.dense({ units: 48, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'momentum', learningRate: 0.02, momentum: 0.9 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 13,
});
