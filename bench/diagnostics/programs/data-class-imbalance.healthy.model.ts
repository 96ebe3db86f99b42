// A screening classifier on 6 noisy lab measurements: patients with the condition have two of them shifted
// upwards, and the two groups overlap. A dense net with a sigmoid output, trained with SGD on a balanced
// sample: 400 healthy and 400 sick patients.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** `count` patients, a fraction `positiveRate` of them sick (label 1). */
function patients(count: number, positiveRate: number, seed: number) {
  const next = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const sick = i < Math.round(count * positiveRate) ? 1 : 0;
    x.push(Array.from({ length: 6 }, (_, j) => normal() + (sick && j < 2 ? 1.2 : 0)));
    y.push(sick);
  }
  return { train: { x, y } };
}

export const screening = experiment({
  name: 'data-class-imbalance-healthy',
  data: fromFunction(() => patients(800, 0.5, 29), { validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [6], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'sgd', learningRate: 0.05 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 30,
  batchSize: 32,
  seed: 30,
});
