// A GRU listens to 24 samples of a noisy tone and says whether it is the low one (a period of 12 samples)
// or the high one (a period of 5), at a random phase and loudness. Trained with Adam for 15 epochs on
// 800 tones. Fault: a batch size of 1024, larger than the training split — every epoch is one single
// update, so the whole run makes 15 Adam steps and the GRU is still close to its random start at the end.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 24;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 1] a sine of period 12 (y = 0) or 5 (y = 1), amplitude 0.5–1.5, plus uniform noise. */
function tones(count: number, seed: number) {
  const next = lcg(seed);
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const high = next() < 0.5 ? 1 : 0;
    const period = high ? 5 : 12;
    const phase = next() * 2 * Math.PI;
    const amplitude = 0.5 + next();
    x.push(Array.from({ length: STEPS }, (_, t) => [amplitude * Math.sin((2 * Math.PI * t) / period + phase) + 0.6 * (next() - 0.5)]));
    y.push(high);
  }
  return { x, y };
}

export const toneGru = experiment({
  name: 'gru-full-batch-frequency-faulty',
  data: fromFunction(() => ({ train: tones(1000, 12) }), { validationSplit: 0.2 }),
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.gru({ inputShape: [STEPS, 1], units: 16 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'adam', learningRate: 2e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 15,
  batchSize: 1024, // ← fault
  seed: 13,
});
