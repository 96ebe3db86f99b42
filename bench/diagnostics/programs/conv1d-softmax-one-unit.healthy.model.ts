// Vibration monitoring: a 1-D CNN (two Conv1D layers and global max pooling) reads 48 samples of a noisy
// accelerometer trace and says whether it holds a fault burst (a short, damped 6-sample oscillation at a
// random place). Labels are 0/1, a single sigmoid output unit and binary cross-entropy, trained with Adamax.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const LENGTH = 48;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [LENGTH, 1] Gaussian noise (std 0.6), half of them with a damped burst added; y: 1 with a burst. */
function traces(count: number, seed: number) {
  const next = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const burst = next() < 0.5 ? 1 : 0;
    const at = 2 + Math.floor(next() * (LENGTH - 10));
    const trace = Array.from({ length: LENGTH }, () => 0.6 * normal());
    if (burst) for (let t = 0; t < 6; t++) trace[at + t] += 2 * Math.cos(Math.PI * t) * Math.exp(-t / 4);
    x.push(trace.map((v) => [v]));
    y.push(burst);
  }
  return { x, y };
}

export const vibration = experiment({
  name: 'conv1d-softmax-one-unit-healthy',
  data: fromFunction(() => ({ train: traces(900, 17) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.conv1d({ inputShape: [LENGTH, 1], filters: 8, kernelSize: 5, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.conv1d({ filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.globalMaxPooling1d(),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adamax', learningRate: 5e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 18,
});
