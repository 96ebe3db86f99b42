// A 3×3 checkerboard on the square [−1, 1]² (1200 random points, each labelled by the colour of its
// square) classified by a 64-64 ReLU MLP trained with AdamW (decoupled weight decay). Fault: weightDecay
// 10 — each step shrinks every weight by lr × 10 = 3 % of itself, while Adam moves it by about lr, so no
// weight can stay above ~0.1: the net is held close to the zero function, cannot draw the 9 squares and
// stays near chance.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: a uniform point of [−1, 1]²; y: the colour (0/1) of its square on a 3×3 board. */
function checkerboard(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = [next() * 2 - 1, next() * 2 - 1];
    x.push(p);
    y.push((Math.floor((p[0] + 1) * 1.5) + Math.floor((p[1] + 1) * 1.5)) % 2);
  }
  return { x, y };
}

export const board = experiment({
  name: 'adamw-decay-heavy-checkerboard-faulty',
  data: fromFunction(() => ({ train: checkerboard(1200, 81) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [2], units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: 'heNormal' }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adamw', learningRate: 3e-3, weightDecay: 10 }, // ← fault
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 60,
  batchSize: 64,
  seed: 77,
});
