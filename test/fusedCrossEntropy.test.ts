// The one-op categorical cross-entropy (wasm/cpu) gives what the composite of tfjs kernels gives — the
// loss, its gradients with respect to the probabilities and the labels — including rows that need
// rescaling, probabilities clipped at ε and 1 − ε (no gradient there), rank 3, sparse labels; NaN carried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFusedLayers, setFusedLayersEnabled } from '../src/engine/backend/fused/index';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { lossFunction } from '../src/engine/train/losses';
import { createRng } from '../src/engine/data/rng';
import { maxRelError } from './relError';

const rng = createRng(23);

function probabilities(rows: number, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: classes }, () => rng() + 0.01);
    const sum = row.reduce((a, b) => a + b, 0);
    // Every third row is left unnormalized: the loss rescales it.
    out.push(...row.map((v) => (r % 3 === 2 ? v : v / sum)));
  }
  return out;
}
function oneHot(rows: number, classes: number): number[] {
  const out = new Array<number>(rows * classes).fill(0);
  for (let r = 0; r < rows; r++) out[r * classes + Math.floor(rng() * classes)] = 1;
  return out;
}

const CASES: Array<{ name: string; shape: number[]; p: number[]; y: number[] }> = [
  { name: '[16, 10]', shape: [16, 10], p: probabilities(16, 10), y: oneHot(16, 10) },
  { name: 'rank 3 [3, 4, 5], soft labels', shape: [3, 4, 5], p: probabilities(12, 5), y: probabilities(12, 5).map((v) => v / 2) },
  // A row with a class at probability 1 and others at 0: clipped on both sides.
  { name: 'clipped at ε and 1 − ε', shape: [3, 4], p: [1, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0, 1e-9, 0.5, 0.5], y: [1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0] },
];

function lossAndGradients(shape: number[], pValues: number[], yValues: number[], loss = lossFunction('categoricalCrossentropy')) {
  const p = tf.tensor(pValues, shape);
  const y = tf.tensor(yValues, shape);
  const upstream = 0.7; // the gradient reaching the loss, as a penalty or a scaled loss would give it
  const g = tf.grads((yy: tf.Tensor, pp: tf.Tensor) => tf.mul(loss(yy, pp), upstream));
  const [dy, dp] = g([y, p]);
  const out = { loss: loss(y, p).dataSync()[0], dp: Float32Array.from(dp.dataSync()), dy: Float32Array.from(dy.dataSync()) };
  tf.dispose([p, y, dy, dp]);
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`fused categorical cross-entropy matches the composite on ${backend}: loss and gradients (max rel. error ≤ 1e-5)`, async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    installFusedLayers();
    for (const c of CASES) {
      setFusedLayersEnabled(false);
      const expected = lossAndGradients(c.shape, c.p, c.y);
      setFusedLayersEnabled(true);
      const got = lossAndGradients(c.shape, c.p, c.y);
      assert.ok(Math.abs(got.loss - expected.loss) <= 1e-5 * Math.abs(expected.loss), `${c.name} loss: ${got.loss} vs ${expected.loss}`);
      assert.ok(maxRelError(got.dp, expected.dp) <= 1e-5, `${c.name} dp: ${maxRelError(got.dp, expected.dp)}`);
      assert.ok(maxRelError(got.dy, expected.dy) <= 1e-5, `${c.name} dy: ${maxRelError(got.dy, expected.dy)}`);
    }
    // Sparse labels go through the same op.
    const sparse = lossFunction('sparseCategoricalCrossentropy');
    const pValues = probabilities(6, 4);
    const sparseRun = () => {
      const labels = tf.tensor([0, 3, 1, 2, 2, 0], [6]);
      const p = tf.tensor(pValues, [6, 4]);
      const dp = tf.grad((pp: tf.Tensor) => sparse(labels, pp))(p);
      const out = { loss: sparse(labels, p).dataSync()[0], dp: Float32Array.from(dp.dataSync()) };
      tf.dispose([labels, p, dp]);
      return out;
    };
    setFusedLayersEnabled(false);
    const expected = sparseRun();
    setFusedLayersEnabled(true);
    const got = sparseRun();
    assert.ok(Math.abs(got.loss - expected.loss) <= 1e-5 * Math.abs(expected.loss) && maxRelError(got.dp, expected.dp) <= 1e-5, 'sparse labels');
  });
}

// tfjs' wasm clipByValue turns NaN into a bound (the composite then reports a finite loss for a NaN
// output); its plain-JS one carries NaN, as Keras does. The fused op carries it on both, so a diverged
// net shows a NaN loss.
test('fused categorical cross-entropy carries NaN on both backends, as the plain-JS composite and Keras do', async () => {
  const p = [NaN, 0.5, 0.5, 0.2, 0.3, 0.5];
  const y = [1, 0, 0, 0, 1, 0];
  const loss = () => lossFunction('categoricalCrossentropy')(tf.tensor(y, [2, 3]), tf.tensor(p, [2, 3])).dataSync()[0];
  installFusedLayers();
  await tf.setBackend('cpu');
  setFusedLayersEnabled(false);
  const composite = loss();
  setFusedLayersEnabled(true);
  assert.ok(Number.isNaN(composite), `plain-JS composite: ${composite}`);
  assert.ok(Number.isNaN(loss()), 'fused on cpu');
  await tf.setBackend('wasm');
  assert.ok(Number.isNaN(loss()), 'fused on wasm');
});
