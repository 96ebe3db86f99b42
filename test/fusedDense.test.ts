// The fused Dense(ReLU) training path gives what tfjs-layers' own Dense gives — output, gradients of
// the kernel, the bias and the input, weights after a few SGD steps — on the plain-JS and WebAssembly
// backends (max relative error ≤ 1e-4) with ReLU, linear, softmax and tanh, launches fewer kernels, and
// leaves a 3-D input to tfjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFusedLayers, setFusedLayersEnabled } from '../src/engine/backend/fused/index';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { createRng, rngNormal } from '../src/engine/data/rng';
import { maxRelError } from './relError';

const rng = createRng(17);
const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rngNormal(rng)), shape);

const CASES: Array<{ name: string; layers: () => tf.layers.Layer[]; input: number[] }> = [
  { name: 'relu, relu, linear', input: [13, 9], layers: () => [tf.layers.dense({ inputShape: [9], units: 11, activation: 'relu' }), tf.layers.dense({ units: 7, activation: 'relu' }), tf.layers.dense({ units: 3 })] },
  { name: 'relu without bias', input: [6, 5], layers: () => [tf.layers.dense({ inputShape: [5], units: 10, activation: 'relu', useBias: false }), tf.layers.dense({ units: 2, activation: 'softmax' })] },
  { name: 'tanh after the fused product', input: [4, 3], layers: () => [tf.layers.dense({ inputShape: [3], units: 5, activation: 'tanh' })] },
  { name: 'relu on a 3-D input (not fused)', input: [2, 4, 3], layers: () => [tf.layers.dense({ inputShape: [4, 3], units: 5, activation: 'relu' })] },
];

/** Output, the gradients of every weight and of the input under sum(out · w), then the weights after 3 SGD steps. */
function run(model: tf.LayersModel, x: tf.Tensor, w: tf.Tensor): Map<string, Float32Array> {
  const loss = (input: tf.Tensor) => tf.sum(tf.mul(model.apply(input, { training: true }) as tf.Tensor, w)) as tf.Scalar;
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const out = new Map<string, Float32Array>();
  out.set('output', tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array));
  const { value, grads } = tf.variableGrads(() => loss(x), vars);
  vars.forEach((v, i) => out.set(`grad ${i}`, grads[v.name].dataSync() as Float32Array));
  const dx = tf.grad(loss)(x);
  out.set('input gradient', dx.dataSync() as Float32Array);
  tf.dispose([value, dx, ...Object.values(grads)]);
  const sgd = tf.train.sgd(0.05);
  for (let i = 0; i < 3; i++) sgd.minimize(() => tf.mean(tf.square(tf.sub(model.apply(x, { training: true }) as tf.Tensor, w))) as tf.Scalar, false, vars);
  sgd.dispose();
  vars.forEach((v, i) => out.set(`weight ${i} after 3 steps`, v.dataSync() as Float32Array));
  return out;
}

/** Every case trained fused and through tfjs' own Dense from the same weights; the differences found. */
function compareWithTfjs(): string[] {
  const failures: string[] = [];
  for (const c of CASES) {
    const fused = tf.sequential({ layers: c.layers() });
    const reference = tf.sequential({ layers: c.layers() });
    reference.setWeights(fused.getWeights().map((t) => t.clone()));
    const x = randn(c.input);
    const w = randn([...c.input.slice(0, -1), ...(fused.outputs[0].shape.slice(-1) as number[])]);
    try {
      setFusedLayersEnabled(false);
      const expected = run(reference, x, w);
      setFusedLayersEnabled(true);
      const got = run(fused, x, w);
      for (const [name, ref] of expected) {
        const err = maxRelError(got.get(name)!, ref);
        if (!(err <= 1e-4)) failures.push(`${c.name} ${name}: max relative error ${err.toExponential(2)}`);
      }
    } finally {
      setFusedLayersEnabled(true);
    }
    tf.dispose([x, w]);
    fused.dispose();
    reference.dispose();
  }
  return failures;
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`fused Dense matches tfjs' own Dense on ${backend} (max rel. error ≤ 1e-4)`, async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    installFusedLayers();
    assert.deepEqual(compareWithTfjs(), []);
  });
}

// Without Model Lab's SIMD product, the rank-2 operands reach tfjs' own wasm kernel, which reads rank 3.
test("fused Dense matches tfjs' own Dense on wasm without Model Lab's SIMD kernels (MODELLAB_SIMD=0)", async () => {
  await tf.setBackend('wasm');
  registerTrainingKernels('wasm');
  installFusedLayers();
  process.env.MODELLAB_SIMD = '0';
  try {
    assert.deepEqual(compareWithTfjs(), []);
  } finally {
    delete process.env.MODELLAB_SIMD;
  }
});

test('fused Dense(relu): one fused kernel forward, no Relu, Add or Relu-gradient Cast in a training step', async () => {
  await tf.setBackend('wasm');
  registerTrainingKernels('wasm');
  installFusedLayers();
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [6], units: 8, activation: 'relu' }), tf.layers.dense({ units: 2 })] });
  const x = randn([5, 6]);
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  const kernels = async () => {
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
      tf.dispose([value, ...Object.values(grads)]);
    });
    return info.kernelNames;
  };
  const on = await kernels();
  setFusedLayersEnabled(false);
  const off = await kernels();
  setFusedLayersEnabled(true);
  assert.ok(off.includes('Relu') && off.includes('Add'), `tfjs' own Dense(relu) in training: ${off.join(',')}`);
  assert.ok(!on.includes('Relu') && !on.includes('Add') && !on.includes('Cast'), `fused: ${on.join(',')}`);
  assert.ok(on.length < off.length, `fused launches ${on.length} kernels, tfjs' own ${off.length}`);
  tf.dispose(x);
  model.dispose();
});

