// An LSTM reads 16 samples of a chirp and says whether its pitch rises or falls, at a random start
// pitch, phase and loudness. Adam, sparse cross-entropy. Fault: the LSTM's input and recurrent kernels
// and the output layer carry an L2 penalty of 100 each, far larger than the data loss, so training
// mostly shrinks the weights to zero and the net stays near a coin flip.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 16;
const L2 = 100; // ← fault

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1] a chirp whose frequency goes from f0 to f0 ± 0.12 cycles/sample; y: 1 when it rises. */
function chirps(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const rising = next() < 0.5 ? 1 : 0;
    const f0 = rising ? 0.05 + 0.05 * next() : 0.22 + 0.05 * next();
    const f1 = rising ? f0 + 0.12 : f0 - 0.12;
    const amplitude = 0.6 + 0.8 * next();
    let phase = next() * 2 * Math.PI;
    const row: number[][] = [];
    for (let t = 0; t < STEPS; t++) {
      phase += 2 * Math.PI * (f0 + ((f1 - f0) * t) / STEPS);
      row.push([amplitude * Math.sin(phase) + 1.2 * (next() - 0.5)]);
    }
    x.push(row);
    y.push(rising);
  }
  return { x, y };
}

export const chirp = experiment({
  name: 'lstm-heavy-l2-tones-faulty',
  data: fromFunction(() => ({ train: chirps(800, 73) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [STEPS, 1], units: 16, kernelRegularizer: tf.regularizers.l2({ l2: L2 }), recurrentRegularizer: tf.regularizers.l2({ l2: L2 }) }),
        tf.layers.dense({ units: 2, activation: 'softmax', kernelRegularizer: tf.regularizers.l2({ l2: L2 }) }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 5e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 74,
});
