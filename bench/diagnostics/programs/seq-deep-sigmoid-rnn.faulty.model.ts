// Four stacked SimpleRNN layers that classify a noisy 16-step wave by its frequency (1, 2 or 3 cycles).
// Fault: every recurrent layer uses the sigmoid activation — its slope is at most 0.25 and its output is
// never centred on 0, so the gradient shrinks at every layer (and every step) on its way down and the
// lower layers learn next to nothing.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 16;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1] — sin with 1, 2 or 3 cycles, a random phase and noise; y: the number of cycles − 1. */
function waves(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = Math.floor(next() * 3);
    const phase = next() * 2 * Math.PI;
    x.push(Array.from({ length: STEPS }, (_, t) => [Math.sin((2 * Math.PI * (label + 1) * t) / STEPS + phase) + 0.3 * (next() * 2 - 1)]));
    y.push(label);
  }
  return { x, y };
}

export const deepRnn = experiment({
  name: 'seq-deep-sigmoid-rnn-faulty',
  data: fromFunction(() => ({ train: waves(400, 21) }), { validationSplit: 0.2 }),
  model: () => {
    const layers: tf.layers.Layer[] = [];
    for (let i = 0; i < 4; i++) {
      layers.push(tf.layers.simpleRNN({ ...(i === 0 ? { inputShape: [STEPS, 1] } : {}), units: 16, activation: 'sigmoid', returnSequences: i < 3 })); // ← fault
    }
    layers.push(tf.layers.dense({ units: 3, activation: 'softmax' }));
    return tf.sequential({ layers });
  },
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 32,
  seed: 12,
});
