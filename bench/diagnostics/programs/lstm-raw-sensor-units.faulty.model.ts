// Process monitoring: an LSTM reads 20 readings of two sensors — a temperature in kelvin (around 325–335 K)
// and a line pressure in pascal (around 99,000–104,000 Pa) — and says whether the temperature is rising
// over the window (by 0.3 K a step, under 0.4 K of noise) or falling. Fault: the features go in raw
// (normalize: false), so the pressure column is ~100,000 and the temperature ~330 — every gate's
// pre-activation is in the tens of thousands, the sigmoid and tanh gates sit at their limits and pass no gradient,
// and the small temperature trend is invisible next to the pressure's size.
import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const STEPS = 20;

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}

/** x: [STEPS, 2] (kelvin, pascal); y: 1 when the temperature trend is upwards. */
function windows(count: number, seed: number) {
  const next = lcg(seed);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const x: number[][][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const rising = next() < 0.5 ? 1 : 0;
    const base = 325 + 10 * next();
    const pressure = 99000 + 5000 * next();
    const slope = (rising ? 1 : -1) * 0.3;
    x.push(Array.from({ length: STEPS }, (_, t) => [base + slope * (t - STEPS / 2) + 0.4 * normal(), pressure + 150 * normal()]));
    y.push(rising);
  }
  return { x, y };
}

export const processMonitor = experiment({
  name: 'lstm-raw-sensor-units-faulty',
  data: fromFunction(() => ({ train: windows(800, 51) }), { validationSplit: 0.2, normalize: false }), // ← fault
  model: () =>
    tf.sequential({
      layers: [
        tf.layers.lstm({ inputShape: [STEPS, 2], units: 16 }),
        tf.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    }),
  optimizer: { name: 'rmsprop', learningRate: 1e-3 },
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 20,
  batchSize: 32,
  seed: 52,
});
