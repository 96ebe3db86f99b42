// FAULTY ON PURPOSE: a "speed" feature computed as distance / duration, where a few sensor glitches
// logged a duration of 1e-40 s. The quotient (~1e41) is a finite JavaScript number, so it passes the
// data loader's checks, but it is too large for the 32-bit floats training uses: it becomes Infinity,
// and normalization turns the whole column into NaN.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

/** 600 trips: distance, duration, speed and two more features; is the trip on a highway? (seeded) */
function trips() {
  let state = 7;
  const uniform = () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 600; i++) {
    const highway = uniform() < 0.5;
    const distance = 1 + 20 * uniform();
    const duration = i % 150 === 7 ? 1e-40 : distance / ((highway ? 90 : 40) + 15 * uniform()); // hours; glitched rows
    x.push([distance, duration, distance / duration, uniform(), uniform()]);
    y.push([highway ? 1 : 0]);
  }
  return { train: { x, y } };
}

export const nonFinite = experiment({
  name: 'non-finite-data',
  data: datasets.fromFunction(trips, { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [5], units: 8, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'binaryCrossentropy',
  metrics: ['accuracy'],
  epochs: 3,
  seed: 7,
});
