// The fused Adam update (one pass per variable) gives what tfjs' own Adam gives, and AdamW on top of
// it, over several steps, on the plain-JS and WebAssembly backends: weights and both moments within
// 1e-4 relative (tfjs rounds to float32 after each of its 14 ops, the fused pass once); it keeps the optimizer's state where tfjs keeps it (getWeights), and leaks nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFusedLayers, setFusedLayersEnabled } from '../src/engine/backend/fused/index';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { AdamWOptimizer } from '../src/engine/optim/adamw';
import { createRng, rngNormal } from '../src/engine/data/rng';
import { maxRelError } from './relError';

import { FUSED_MAX_SIZE } from '../src/engine/backend/fused/adam';

// Small variables take the fused pass; the last is past FUSED_MAX_SIZE and keeps tfjs' kernels on cpu
// (on wasm the SIMD pass takes every variable).
const SHAPES = [[7], [33, 5], [1], [4, 3, 2], [FUSED_MAX_SIZE + 1]];

/** `steps` updates of fresh variables with the same pseudo-random gradients; the weights and the optimizer's state after. */
async function train(makeOptimizer: () => tf.Optimizer, fused: boolean, steps: number, tag: string) {
  setFusedLayersEnabled(fused);
  const rng = createRng(11);
  const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rngNormal(rng)), shape);
  const variables = SHAPES.map((s, i) => tf.variable(randn(s), true, `${tag}/v${i}`));
  const optimizer = makeOptimizer();
  const before = tf.memory().numTensors;
  for (let step = 0; step < steps; step++) {
    // Growing gradients, so that the bias corrections and the moments' history all matter.
    const grads: tf.NamedTensorMap = Object.fromEntries(variables.map((v) => [v.name, tf.mul(randn(v.shape), step + 1)]));
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const grown = tf.memory().numTensors - before;
  const state = (await optimizer.getWeights()).map((w) => ({ name: w.name, values: Array.from(w.tensor.dataSync()) }));
  const weights = variables.map((v) => Array.from(v.dataSync()));
  optimizer.dispose();
  tf.dispose(variables);
  setFusedLayersEnabled(true);
  return { weights, state, grown };
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`fused Adam and AdamW match tfjs' Adam on ${backend}`, async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    installFusedLayers();
    const makers: [string, () => tf.Optimizer][] = [
      ['adam', () => tf.train.adam(0.01, 0.9, 0.999, 1e-7)],
      ['adamw', () => new AdamWOptimizer({ learningRate: 0.01, weightDecay: 0.05, decayBiases: true })],
    ];
    for (const [name, make] of makers) {
      const reference = await train(make, false, 12, `${backend}-${name}-ref`);
      const fused = await train(make, true, 12, `${backend}-${name}-fused`);
      fused.weights.forEach((w, i) => assert.ok(maxRelError(w, reference.weights[i]) < 1e-4, `${name} weight ${i}: ${maxRelError(w, reference.weights[i])}`));
      assert.deepEqual(fused.state.map((s) => s.name.replace(/.*-fused\//, '')), reference.state.map((s) => s.name.replace(/.*-ref\//, '')), 'the same state, in the same order');
      fused.state.forEach((s, i) => assert.ok(maxRelError(s.values, reference.state[i].values) < 1e-4, `${name} ${s.name}: ${maxRelError(s.values, reference.state[i].values)}`));
      assert.equal(fused.grown, reference.grown, 'the same tensors kept (moments and their counters), nothing leaked');
      assert.notDeepEqual(fused.weights[0], reference.weights[0].map(() => 0), 'it trained');
      // The fused pass rounds once where tfjs rounds after each op: not bit-equal means it ran.
      assert.notDeepEqual(fused.weights[1], reference.weights[1], 'the fused pass updated the small variables');
      if (backend === 'cpu') assert.deepEqual(fused.weights[4], reference.weights[4], 'tfjs\' kernels, op for op, updated the big one');
      else assert.notDeepEqual(fused.weights[4], reference.weights[4], 'on wasm the SIMD pass updated the big one too');
    }
  });
}
