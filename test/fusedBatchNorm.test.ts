// The fused batch-normalization training op gives what tfjs-layers' own BatchNormalization gives —
// output, gradients of γ, β, the input and a conv before it, moving statistics after a few steps —
// on the plain-JS and WebAssembly backends (max relative error ≤ 1e-3); other layouts fall through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installFusedLayers, setFusedLayersEnabled } from '../src/engine/backend/fused/index';
import { registerTrainingKernels } from '../src/engine/backend/kernels/register';
import { createRng, rngNormal } from '../src/engine/data/rng';
import { maxRelError } from './relError';

const rng = createRng(5);
const randn = (shape: number[], mean = 0) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => mean + rngNormal(rng)), shape);

type Options = { center?: boolean; scale?: boolean; axis?: number };
/** A conv (or dense) before the batch norm, so the input gradient reaches a weight; a dense after it. */
function build(input: number[], bn: Options): tf.Sequential {
  const L = tf.layers;
  const before = input.length === 4 ? L.conv2d({ inputShape: input.slice(1), filters: 5, kernelSize: 3, useBias: false }) : L.dense({ inputShape: input.slice(1), units: 6, useBias: false });
  const layers = [before, L.batchNormalization({ ...bn, momentum: 0.9 }), ...(input.length === 4 ? [L.flatten()] : []), L.dense({ units: 3 })];
  return tf.sequential({ layers });
}

/** Each weight by layer position and short name ("1/gamma"), so that two models' weights pair up. */
function weightsByKind(model: tf.LayersModel): Map<string, tf.LayerVariable> {
  const out = new Map<string, tf.LayerVariable>();
  model.layers.forEach((layer, i) => layer.weights.forEach((w) => out.set(`${i}/${w.originalName.split('/').pop()}`, w)));
  return out;
}

/** Copies `from`'s weights into `to` (moving statistics included); kinds absent from `to` are skipped. */
function copyWeights(from: tf.LayersModel, to: tf.LayersModel): void {
  const source = weightsByKind(from);
  for (const [kind, w] of weightsByKind(to)) {
    const s = source.get(kind);
    if (s) w.write(s.read().clone());
  }
}

/** Output, gradients of every trainable weight (by kind) and of the input, under `sum(out · w)`. */
function forwardAndGrads(model: tf.LayersModel, x: tf.Tensor, w: tf.Tensor) {
  const kinds = [...weightsByKind(model)].filter(([, v]) => v.trainable);
  const vars = kinds.map(([, v]) => v.read() as tf.Variable);
  const out = tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).dataSync().slice());
  const f = () => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar;
  const { value, grads } = tf.variableGrads(f, vars);
  const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.apply(input, { training: true }) as tf.Tensor, w)))(x);
  const result = new Map<string, Float32Array>([['output', out as Float32Array], ['input', dx.dataSync() as Float32Array]]);
  for (const [kind, v] of kinds) result.set(kind, grads[(v.read() as tf.Variable).name].dataSync() as Float32Array);
  tf.dispose([value, dx, ...Object.values(grads)]);
  return result;
}

/** Three SGD steps on the weights of the kinds `trained` (β = 0 or γ = 1 held in a reference); returns every weight by kind. */
function train(model: tf.LayersModel, x: tf.Tensor, w: tf.Tensor, trained: Set<string>): Map<string, Float32Array> {
  const optimizer = tf.train.sgd(0.1);
  const vars = [...weightsByKind(model)].filter(([kind, v]) => v.trainable && trained.has(kind)).map(([, v]) => v.read() as tf.Variable);
  for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.mean(tf.square(tf.sub(model.apply(x, { training: true }) as tf.Tensor, w))) as tf.Scalar, false, vars);
  optimizer.dispose();
  return new Map([...weightsByKind(model)].map(([kind, v]) => [kind, v.read().dataSync() as Float32Array]));
}

function compare(label: string, got: Map<string, Float32Array>, expected: Map<string, Float32Array>, failures: string[]): void {
  for (const [name, ref] of expected) {
    const g = got.get(name);
    if (!g) continue; // γ or β that the variant under test does not have
    const err = maxRelError(g, ref);
    if (!(err <= 1e-3)) failures.push(`${label} ${name}: max relative error ${err.toExponential(2)}`);
  }
}

const CASES: { name: string; input: number[]; bn: Options; reference?: Options }[] = [
  { name: 'rank 4 (conv → bn)', input: [4, 7, 6, 2], bn: {} },
  { name: 'rank 2 (dense → bn)', input: [9, 5], bn: {} },
  // tfjs' own layer cannot train without γ or β (it reads them unconditionally): its reference is the
  // full layer with β = 0 or γ = 1 held, which computes the same output, moving statistics and gradients.
  { name: 'center: false', input: [4, 7, 6, 2], bn: { center: false }, reference: {} },
  { name: 'scale: false', input: [9, 5], bn: { scale: false }, reference: {} },
  { name: 'center and scale false', input: [4, 6, 6, 3], bn: { center: false, scale: false }, reference: {} },
];

for (const backend of ['cpu', 'wasm'] as const) {
  test(`fused batch norm matches tfjs' own on ${backend}: output, gradients, moving statistics (max rel. error ≤ 1e-3)`, async () => {
    await tf.setBackend(backend);
    registerTrainingKernels(backend);
    installFusedLayers();
    const failures: string[] = [];
    for (const c of CASES) {
      const fused = build(c.input, c.bn);
      const reference = build(c.input, c.reference ?? c.bn);
      copyWeights(fused, reference);
      const x = randn(c.input, 0.5);
      const w = randn([c.input[0], ...(fused.outputs[0].shape.slice(1) as number[])]);
      try {
        setFusedLayersEnabled(false);
        const expected = forwardAndGrads(reference, x, w);
        const trained = new Set([...weightsByKind(fused)].filter(([, v]) => v.trainable).map(([kind]) => kind));
        const expectedTrained = train(reference, x, w, trained);
        setFusedLayersEnabled(true);
        compare(c.name, forwardAndGrads(fused, x, w), expected, failures);
        compare(`${c.name} after 3 steps`, train(fused, x, w, trained), expectedTrained, failures);
      } finally {
        setFusedLayersEnabled(true);
      }
      tf.dispose([x, w]);
      fused.dispose();
      reference.dispose();
    }
    assert.deepEqual(failures, []);
  });
}

/** The kernels a training forward pass of the layer launches. */
async function kernelsOf(layer: tf.layers.Layer, x: tf.Tensor, training: boolean): Promise<string[]> {
  const info = await tf.profile(() => layer.apply(x, { training }) as tf.Tensor);
  tf.dispose(info.result as tf.Tensor);
  return info.kernelNames;
}

test('fused batch norm: axis last in training takes the fused op; another axis and inference stay tfjs\' own', async () => {
  await tf.setBackend('wasm');
  registerTrainingKernels('wasm');
  installFusedLayers();
  const x = randn([3, 4, 5, 2]);
  const last = tf.layers.batchNormalization({});
  const channelsFirst = tf.layers.batchNormalization({ axis: 1 });
  last.build(x.shape);
  channelsFirst.build(x.shape);
  assert.ok(!(await kernelsOf(last, x, true)).includes('FusedBatchNorm'), 'axis −1 in training should be fused');
  assert.ok((await kernelsOf(last, x, false)).includes('FusedBatchNorm'), 'inference should be tfjs\' batchNorm');
  assert.ok((await kernelsOf(channelsFirst, x, true)).includes('FusedBatchNorm'), 'axis 1 should fall through to tfjs');
  // The falling-through layer computes what it computes with the fused paths off.
  const on = (channelsFirst.apply(x, { training: true }) as tf.Tensor).dataSync();
  setFusedLayersEnabled(false);
  const off = (channelsFirst.apply(x, { training: true }) as tf.Tensor).dataSync();
  setFusedLayersEnabled(true);
  assert.deepEqual(Array.from(on), Array.from(off));
});
