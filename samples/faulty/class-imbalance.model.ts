// FAULTY ON PURPOSE: a rare-event detector where only 1 in 20 examples is positive. A model that
// always answers "no" is 95% accurate; accuracy alone hides that.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

/** 60 positives and 1,200 negatives: two overlapping Gaussian clouds in 16 dimensions (seeded). */
function rareEvents() {
  let state = 15;
  const uniform = () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 1260; i++) {
    const positive = i % 21 === 0;
    const row: number[] = [];
    for (let j = 0; j < 16; j++) row.push(normal() + (positive && j < 4 ? 1.5 : 0));
    x.push(row);
    y.push([positive ? 1 : 0]);
  }
  return { train: { x, y } };
}

export const imbalance = experiment({
  name: 'class-imbalance',
  data: datasets.fromFunction(rareEvents, { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [16], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 15,
});
