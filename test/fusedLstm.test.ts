// The fused LSTM (src/engine/backend/fused/lstm.ts) computes what tfjs-layers' own LSTM computes: outputs,
// gradients of every weight and of the input (max relative error ≤ 1e-3), on the plain-JS and the
// WebAssembly backends; configurations it does not implement fall back to tfjs; it leaks no tensors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { installFusedLayers, setFusedLayersEnabled } from '../src/engine/backend/fused/index';
import { createRng, rngNormal } from '../src/engine/data/rng';
import { maxRelError } from './relError';

const L = tf.layers;
const BACKENDS = ['cpu', 'wasm'] as const;

function randn(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rngNormal(rng)), shape);
}

/** Outputs (flattened, in order) and gradients of Σ output·weights w.r.t. every trainable weight and the input. */
function outputsAndGradients(model: tf.LayersModel, x: tf.Tensor, seed: number): Map<string, Float32Array> {
  const result = new Map<string, Float32Array>();
  tf.tidy(() => {
    const xVar = tf.variable(x, true, `input_${seed}`);
    const vars = [...model.trainableWeights.map((w) => w.read() as tf.Variable), xVar];
    const { value, grads } = tf.variableGrads(() => {
      const ys = model.apply(xVar, { training: true });
      const outs = (Array.isArray(ys) ? ys : [ys]) as tf.Tensor[];
      let loss = tf.scalar(0);
      outs.forEach((y, i) => {
        result.set(`output ${i}`, y.dataSync() as Float32Array);
        loss = tf.add(loss, tf.sum(tf.mul(y, randn(y.shape, seed + 100 + i))));
      });
      return loss as tf.Scalar;
    }, vars);
    value.dataSync();
    for (const v of vars) result.set(v === xVar ? 'input' : v.name, grads[v.name].dataSync() as Float32Array);
    xVar.dispose();
  });
  return result;
}

/** Fused and tfjs' own results for the same model and input on the active backend; failures listed. */
function compareWithTfjs(name: string, build: () => tf.LayersModel, inputShape: number[], seed: number, beforeEachRun = () => {}): string[] {
  const model = build();
  const x = randn(inputShape, seed);
  setFusedLayersEnabled(false);
  beforeEachRun();
  const expected = outputsAndGradients(model, x, seed);
  setFusedLayersEnabled(true);
  beforeEachRun();
  const got = outputsAndGradients(model, x, seed);
  x.dispose();
  model.dispose();
  const failures: string[] = [];
  for (const [key, ref] of expected) {
    const value = got.get(key);
    if (!value || value.length !== ref.length) failures.push(`${tf.getBackend()} ${name} ${key}: missing or wrong size`);
    else {
      const err = maxRelError(value, ref);
      if (!(err <= 1e-3)) failures.push(`${tf.getBackend()} ${name} ${key}: max relative error ${err.toExponential(2)}`);
    }
  }
  return failures;
}

const sequential = (inputShape: number[], layers: () => tf.layers.Layer[]) => () =>
  tf.sequential({ layers: [L.inputLayer({ inputShape }), ...layers()] });

type Case = { name: string; input: number[]; build: () => tf.LayersModel };
const ACTIVATIONS = ['tanh', 'sigmoid', 'hardSigmoid', 'relu', 'linear'] as const;

const CASES: Case[] = [
  { name: 'last output + dense', input: [4, 6, 3], build: sequential([6, 3], () => [L.lstm({ units: 5 }), L.dense({ units: 2 })]) },
  { name: 'returnSequences', input: [3, 5, 4], build: sequential([5, 4], () => [L.lstm({ units: 6, returnSequences: true })]) },
  { name: 'stacked after a dense layer', input: [3, 5, 4], build: sequential([5, 4], () => [L.dense({ units: 7, activation: 'tanh' }), L.lstm({ units: 6, returnSequences: true }), L.lstm({ units: 3 })]) },
  { name: 'no bias', input: [3, 4, 2], build: sequential([4, 2], () => [L.lstm({ units: 4, useBias: false, returnSequences: true })]) },
  { name: 'goBackwards', input: [3, 5, 4], build: sequential([5, 4], () => [L.lstm({ units: 4, goBackwards: true })]) },
  { name: 'goBackwards sequences', input: [3, 5, 4], build: sequential([5, 4], () => [L.lstm({ units: 4, goBackwards: true, returnSequences: true })]) },
  { name: 'bidirectional', input: [3, 5, 4], build: sequential([5, 4], () => [L.bidirectional({ layer: L.lstm({ units: 4, returnSequences: true }) as never, mergeMode: 'concat' })]) },
  ...[false, true].flatMap((returnSequences) =>
    [false, true].map((goBackwards) => ({
      name: `returnState (returnSequences ${returnSequences}, goBackwards ${goBackwards})`,
      input: [3, 5, 4],
      build: () => {
        const input = tf.input({ shape: [5, 4] });
        const outs = L.lstm({ units: 4, returnState: true, returnSequences, goBackwards }).apply(input) as tf.SymbolicTensor[];
        return tf.model({ inputs: input, outputs: outs });
      },
    })),
  ),
  ...ACTIVATIONS.flatMap((activation) =>
    ACTIVATIONS.map((recurrentActivation) => ({
      name: `activation ${activation}, recurrentActivation ${recurrentActivation}`,
      input: [3, 4, 3],
      // A non-zero bias initializer puts relu and hardSigmoid inputs on both sides of their kinks.
      build: sequential([4, 3], () => [L.lstm({ units: 5, activation, recurrentActivation, returnSequences: true, biasInitializer: 'randomNormal' })]),
    })),
  ),
];

async function onEachBackend(body: () => void | Promise<void>): Promise<void> {
  installFusedLayers();
  for (const backend of BACKENDS) {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    await body();
  }
  await tf.setBackend('cpu');
}

test('fused LSTM matches tfjs-layers: outputs and gradients of weights and input, cpu and wasm', async () => {
  const failures: string[] = [];
  await onEachBackend(() => {
    CASES.forEach((c, i) => failures.push(...compareWithTfjs(c.name, c.build, c.input, 1 + i)));
  });
  assert.deepEqual(failures, []);
});

test('the fused path is the one running (the comparison above is not of tfjs with itself)', async () => {
  await onEachBackend(async () => {
    const model = sequential([6, 3], () => [L.lstm({ units: 5 })])();
    const x = randn([2, 6, 3], 7);
    const kernelsRun = async (fused: boolean) => {
      setFusedLayersEnabled(fused);
      const info = await tf.profile(() => tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor));
      return info.kernels.length;
    };
    const tfjs = await kernelsRun(false);
    const fused = await kernelsRun(true);
    assert.ok(fused < 10, `fused LSTM ran ${fused} kernels`);
    assert.ok(tfjs > 50, `tfjs LSTM ran ${tfjs} kernels`);
    x.dispose();
    model.dispose();
  });
});

test('LSTM with dropout in training falls back to tfjs and equals its results', async () => {
  const failures: string[] = [];
  const realRandom = Math.random;
  try {
    await onEachBackend(() => {
      // Dropout masks are seeded from Math.random: the same sequence for both runs.
      const reseed = () => (Math.random = createRng(5));
      failures.push(...compareWithTfjs('dropout', sequential([5, 4], () => [L.lstm({ units: 4, dropout: 0.3, recurrentDropout: 0.2 })]), [3, 5, 4], 40, reseed));
    });
  } finally {
    Math.random = realRandom;
  }
  assert.deepEqual(failures, []);
});

test('training steps with the fused LSTM leak no tensors', async () => {
  await onEachBackend(() => {
    setFusedLayersEnabled(true);
    const model = sequential([5, 3], () => [L.lstm({ units: 4, returnSequences: true }), L.lstm({ units: 4 }), L.dense({ units: 1 })])();
    const optimizer: tf.Optimizer = tf.train.adam(0.01);
    const x = randn([4, 5, 3], 50);
    const y = randn([4, 1], 51);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const counts: number[] = [];
    const losses: number[] = [];
    for (let step = 0; step < 6; step++) {
      const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
      optimizer.applyGradients(grads);
      losses.push(value.dataSync()[0]);
      tf.dispose([value, ...Object.values(grads)]);
      counts.push(tf.memory().numTensors);
    }
    assert.deepEqual(counts.slice(1), Array(5).fill(counts[1]), `tensor counts over steps: ${counts.join(', ')}`);
    assert.ok(losses[5] < losses[0], `loss did not decrease: ${losses.join(', ')}`);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
