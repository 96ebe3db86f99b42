// FAULTY ON PURPOSE: four kinds of defects, one of them rare (12 of 312 samples), and a 10 %
// validation split: the rare class gets one or two validation samples, so its validation accuracy
// is decided by a coin toss.
import * as tf from '@tensorflow/tfjs';
import { experiment, datasets } from 'modellab';

/** Four well separated Gaussian clusters in 4 dimensions: 100, 100, 100 and 12 samples (seeded). */
function defects() {
  let state = 31;
  const uniform = () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const sizes = [100, 100, 100, 12];
  const x: number[][] = [];
  const y: number[] = [];
  sizes.forEach((n, cls) => {
    for (let i = 0; i < n; i++) {
      x.push(Array.from({ length: 4 }, (_, j) => normal() * 0.5 + (j === cls ? 3 : 0)));
      y.push(cls);
    }
  });
  return { train: { x, y } };
}

export const tooFew = experiment({
  name: 'too-few-per-class',
  data: datasets.fromFunction(defects, { validationSplit: 0.1 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 1e-2 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 10,
  seed: 31,
});
