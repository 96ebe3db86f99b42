// A SimpleRNN watches 20 readings of a vibration sensor and says whether a bearing fault is present (a
// period-4 oscillation under the noise) or not (a slow period-15 drift). Adamax, sparse cross-entropy.
// Fault: the training data is drawn with only 3 % fault windows, so the network can reach ~97 % accuracy
// by never raising the alarm, and the rare class is all but ignored.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 20;
const FAULT_SHARE = 0.03; // ← fault

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1]; y: 1 for a fault window (period 4, amplitude 0.3–0.6), 0 for drift (period 15). */
function windows(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const fault = next() < FAULT_SHARE ? 1 : 0;
    const period = fault ? 4 : 15;
    const amplitude = fault ? 0.3 + 0.3 * next() : 0.6 + 0.6 * next();
    const phase = next() * 2 * Math.PI;
    x.push(Array.from({ length: STEPS }, (_, t) => [amplitude * Math.sin((2 * Math.PI * t) / period + phase) + 0.8 * (next() - 0.5)]));
    y.push(fault);
  }
  return { x, y };
}

export const bearing = experiment({
  name: 'rnn-rare-alarm-imbalance-faulty',
  data: fromFunction(() => ({ train: windows(1000, 67) }), { validationSplit: 0.25 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.simpleRNN({ inputShape: [STEPS, 1], units: 16 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adamax', learningRate: 2e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 68,
});
