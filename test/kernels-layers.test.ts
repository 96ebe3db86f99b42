// Every layer type the engine and the ONNX exporter support trains on the WebAssembly backend with
// Model Lab's kernels and fused layers (LSTM, batch normalization) installed, as a run has them, and its
// gradients match the plain-JS backend's with tfjs' own layers (its reference kernels for everything we
// do not replace on cpu): max relative error ≤ 1e-3 per weight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { installFusedLayers, setFusedLayersEnabled } from '../src/engine/backend/fused/index';
import { createRng, rngNormal } from '../src/engine/data/rng';
import { maxRelError } from './relError';

const rng = createRng(11);
const randn = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rngNormal(rng)), shape);

type Case = { name: string; input: number[]; ints?: number; layers: () => tf.layers.Layer[] };
const L = tf.layers;
const CASES: Case[] = [
  { name: 'Dense', input: [5, 7], layers: () => [L.dense({ units: 4, activation: 'tanh' }), L.dense({ units: 3 })] },
  { name: 'Conv1D', input: [3, 12, 4], layers: () => [L.conv1d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }), L.conv1d({ filters: 2, kernelSize: 2, strides: 2 })] },
  { name: 'Conv2D', input: [2, 9, 8, 3], layers: () => [L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), L.conv2d({ filters: 3, kernelSize: [2, 3], strides: 2 })] },
  { name: 'DepthwiseConv2D', input: [2, 8, 8, 3], layers: () => [L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }), L.depthwiseConv2d({ kernelSize: 3, strides: 2 })] },
  { name: 'SeparableConv2D', input: [2, 8, 8, 3], layers: () => [L.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' })] },
  { name: 'Conv2DTranspose', input: [2, 5, 5, 3], layers: () => [L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }), L.conv2d({ filters: 2, kernelSize: 3 })] },
  { name: 'MaxPooling1D/AveragePooling1D', input: [2, 12, 3], layers: () => [L.conv1d({ filters: 3, kernelSize: 3 }), L.maxPooling1d({ poolSize: 2 }), L.averagePooling1d({ poolSize: 2 })] },
  { name: 'MaxPooling2D/AveragePooling2D', input: [2, 10, 10, 2], layers: () => [L.conv2d({ filters: 3, kernelSize: 3 }), L.maxPooling2d({ poolSize: 2 }), L.averagePooling2d({ poolSize: 2, strides: 1 })] },
  { name: 'GlobalPooling 1D', input: [2, 10, 3], layers: () => [L.conv1d({ filters: 4, kernelSize: 3 }), L.globalAveragePooling1d({})] },
  { name: 'GlobalPooling 2D', input: [2, 8, 8, 2], layers: () => [L.conv2d({ filters: 4, kernelSize: 3 }), L.globalMaxPooling2d({})] },
  { name: 'GlobalAveragePooling2D', input: [2, 8, 8, 2], layers: () => [L.conv2d({ filters: 4, kernelSize: 3 }), L.globalAveragePooling2d({})] },
  { name: 'BatchNormalization', input: [4, 6, 6, 3], layers: () => [L.conv2d({ filters: 4, kernelSize: 3, useBias: false /* its gradient is 0 up to rounding under batch norm */ }), L.batchNormalization(), L.flatten(), L.dense({ units: 2 })] },
  { name: 'LayerNormalization', input: [4, 6], layers: () => [L.dense({ units: 5 }), L.layerNormalization(), L.dense({ units: 2 })] },
  { name: 'Embedding', input: [4, 6], ints: 10, layers: () => [L.embedding({ inputDim: 10, outputDim: 5 }), L.flatten(), L.dense({ units: 2 })] },
  { name: 'SimpleRNN', input: [3, 5, 4], layers: () => [L.simpleRNN({ units: 6 })] },
  { name: 'LSTM', input: [3, 5, 4], layers: () => [L.lstm({ units: 6, returnSequences: true }), L.lstm({ units: 3 })] },
  { name: 'GRU', input: [3, 5, 4], layers: () => [L.gru({ units: 6 })] },
  { name: 'Bidirectional', input: [3, 5, 4], layers: () => [L.bidirectional({ layer: L.lstm({ units: 4 }) as never, mergeMode: 'concat' })] },
];

async function gradients(model: tf.LayersModel, x: tf.Tensor, weights: tf.Tensor): Promise<Map<string, Float32Array>> {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, weights)) as tf.Scalar, vars);
  const out = new Map<string, Float32Array>();
  for (const v of vars) out.set(v.name, (await grads[v.name].data()) as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

test('every supported layer type: wasm gradients match the plain-JS backend (max rel. error ≤ 1e-3)', async () => {
  registerTrainingKernels('cpu');
  registerTrainingKernels('wasm');
  installFusedLayers();
  const failures: string[] = [];
  for (const c of CASES) {
    await tf.setBackend('cpu');
    const model = tf.sequential({ layers: [L.inputLayer({ inputShape: c.input.slice(1) }), ...c.layers()] });
    const x = c.ints ? tf.tensor(Array.from({ length: c.input.reduce((a, b) => a * b, 1) }, () => Math.floor(rng() * c.ints!)), c.input, 'int32') : randn(c.input);
    const weights = randn((model.outputs[0].shape as number[]).map((d, i) => (i === 0 ? c.input[0] : (d as number))));
    setFusedLayersEnabled(false); // the reference: tfjs' own layers
    const expected = await gradients(model, x, weights);
    setFusedLayersEnabled(true);
    await tf.setBackend('wasm'); // the same tensors and variables move over to wasm
    let got: Map<string, Float32Array>;
    try {
      got = await gradients(model, x, weights);
    } catch (err) {
      failures.push(`${c.name}: cannot compute gradients on wasm: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    for (const [name, ref] of expected) {
      const err = maxRelError(got.get(name)!, ref);
      if (!(err <= 1e-3)) failures.push(`${c.name} ${name}: max relative error ${err.toExponential(2)}`);
    }
    tf.dispose([x, weights]);
    model.dispose();
  }
  await tf.setBackend('cpu');
  assert.deepEqual(failures, []);
});
