// ONNX export: one small model per layer type and per option that changes the graph, exported,
// run in onnxruntime-node and compared with tfjs (|onnx − tfjs| ≤ 1e-4 + 1e-4·|tfjs|).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { exportModel, OnnxExportError, UnsupportedLayerError } from '../src/engine/onnx/index';
import { buildOnnxModel, randomInputSets } from '../src/engine/onnx/exportModel';
import { checkModel } from '../src/engine/onnx/checker';
import { CONVERTERS } from '../src/engine/onnx/converters';
import { compare } from '../src/engine/onnx/verify';
import { decodeModel } from '../src/engine/onnx/proto';

const L = tf.layers;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Random weights everywhere (biases and BN statistics included), positive variances. */
function randomize(model: tf.LayersModel, seed = 1): tf.LayersModel {
  let k = 0;
  for (const w of model.weights) {
    const name = w.originalName ?? w.name;
    const v = name.endsWith('moving_variance')
      ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed + k++)
      : tf.mul(tf.randomNormal(w.shape as number[], 0, 1, 'float32', seed + k++), 0.5);
    w.write(v);
  }
  return model;
}

async function check(model: tf.LayersModel, opset = 17): Promise<number> {
  randomize(model);
  const { bytes, report } = await exportModel(model, { opset });
  const v = report.verification!;
  const worst = v.cases.flatMap((c) => c.outputs).find((o) => !o.passed);
  assert.ok(v.passed, `verification failed: ${JSON.stringify(worst)}`);
  assert.equal(v.cases.length, 2);
  assert.ok(v.cases.every((c) => c.batch >= 2));
  // What was written is what the checker accepts, also after a protobuf round trip.
  assert.deepEqual(checkModel(decodeModel(bytes)), []);
  const maxAbs = Math.max(...v.outputs.map((o) => o.maxAbs));
  // ONNX_TEST_REPORT=1 prints the measured differences (for the coverage table).
  if (process.env.ONNX_TEST_REPORT) console.log(`[onnx] ${model.layers.map((l) => l.getClassName()).join('>')} opset ${opset}: maxAbs ${maxAbs.toExponential(1)} maxRel ${Math.max(...v.outputs.map((o) => o.maxRel)).toExponential(1)}`);
  return maxAbs;
}

const seq = (layers: tf.layers.Layer[]) => tf.sequential({ layers });

// --- Dense and activations -------------------------------------------------------------------
const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'logSoftmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu', 'gelu_new'];
for (const activation of ACTIVATIONS) {
  test(`Dense with activation ${activation}`, async () => {
    await check(seq([L.dense({ inputShape: [5], units: 4, activation: activation as Any })]));
  });
}

test('Dense without bias on a rank-3 input', async () => {
  await check(seq([L.dense({ inputShape: [3, 5], units: 4, useBias: false })]));
});

test('Activation layer', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 4 }), L.activation({ activation: 'hardSigmoid' })]));
});

test('ReLU layer with and without maxValue', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.reLU()]));
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.reLU({ maxValue: 0.4 })]));
});

test('LeakyReLU keeps the tfjs default alpha 0.3, and a custom one', async () => {
  const { message } = buildOnnxModel(seq([L.leakyReLU({ inputShape: [4] })]));
  assert.ok(Math.abs(message.graph.node[0].attribute![0].f! - 0.3) < 1e-7);
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.leakyReLU()]));
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.leakyReLU({ alpha: 0.05 })]));
});

test('PReLU on rank 2 and with shared axes on NHWC', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.prelu()]));
  await check(seq([L.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3 }), L.prelu({ sharedAxes: [1, 2] })]));
});

test('ELU, ThresholdedReLU and Softmax layers', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.elu()]));
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.thresholdedReLU({ theta: 0.2 })]));
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.softmax()]));
  await check(seq([L.dense({ inputShape: [3, 5], units: 6 }), L.softmax({ axis: -1 })]));
});

test('Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout are identities', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.dropout({ rate: 0.5 }), L.gaussianNoise({ stddev: 1 }), L.gaussianDropout({ rate: 0.3 }), L.alphaDropout({ rate: 0.3 })]));
  await check(seq([L.conv1d({ inputShape: [6, 3], filters: 4, kernelSize: 2 }), L.spatialDropout1d({ rate: 0.5 })]));
  // A model that is only an identity still gets its own output value.
  await check(seq([L.dropout({ inputShape: [4], rate: 0.5 })]));
});

// --- Normalization ---------------------------------------------------------------------------
test('BatchNormalization on rank 2 and after a conv, with and without center/scale', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.batchNormalization()]));
  await check(seq([L.conv2d({ inputShape: [5, 5, 2], filters: 3, kernelSize: 3 }), L.batchNormalization({ epsilon: 0.01 })]));
  await check(seq([L.dense({ inputShape: [5], units: 6 }), L.batchNormalization({ center: false, scale: false })]));
});

test('BatchNormalization on a non-last axis is refused (tfjs CPU kernel mis-broadcasts it)', () => {
  assert.throws(() => buildOnnxModel(seq([L.reshape({ inputShape: [12], targetShape: [3, 4] }), L.batchNormalization({ axis: 1 })])), (err: unknown) => err instanceof UnsupportedLayerError && /\(BatchNormalization\)/.test(err.message));
});

for (const opset of [17, 13]) {
  test(`LayerNormalization at opset ${opset}`, async () => {
    const model = seq([L.dense({ inputShape: [3, 5], units: 6 }), L.layerNormalization()]);
    await check(model, opset);
    const ops = buildOnnxModel(model, { opset }).message.graph.node.map((n) => n.opType);
    assert.equal(ops.includes('LayerNormalization'), opset >= 17);
  });
}

test('LayerNormalization over two trailing axes', async () => {
  await check(seq([L.reshape({ inputShape: [12], targetShape: [2, 3, 2] }), L.layerNormalization({ axis: [-2, -1] })]));
});

// --- Reshaping ---------------------------------------------------------------------------------
test('Flatten after a conv keeps the NHWC element order', async () => {
  await check(seq([L.conv2d({ inputShape: [5, 4, 2], filters: 3, kernelSize: 2 }), L.flatten(), L.dense({ units: 4 })]));
});

test('Reshape (with an inferred dim), Permute, RepeatVector', async () => {
  await check(seq([L.dense({ inputShape: [5], units: 12 }), L.reshape({ targetShape: [3, -1] })]));
  await check(seq([L.reshape({ inputShape: [24], targetShape: [2, 3, 4] }), L.permute({ dims: [3, 1, 2] })]));
  await check(seq([L.dense({ inputShape: [5], units: 3 }), L.repeatVector({ n: 4 })]));
});

test('ZeroPadding2D, Cropping2D', async () => {
  await check(seq([L.zeroPadding2d({ inputShape: [4, 5, 2], padding: [[1, 2], [0, 3]] })]));
  await check(seq([L.zeroPadding2d({ inputShape: [4, 5, 2] })]));
  await check(seq([L.cropping2D({ inputShape: [6, 7, 2], cropping: [[1, 2], [0, 3]] })]));
  await check(seq([L.cropping2D({ inputShape: [6, 7, 2], cropping: [[0, 1], [2, 0]] })]));
});

test('UpSampling2D nearest and bilinear', async () => {
  await check(seq([L.upSampling2d({ inputShape: [3, 4, 2], size: [2, 3] })]));
  await check(seq([L.upSampling2d({ inputShape: [3, 4, 2], size: [2, 3], interpolation: 'bilinear' })]));
});

test('Embedding (integer ids)', async () => {
  await check(seq([L.embedding({ inputShape: [6], inputDim: 10, outputDim: 4 }), L.flatten(), L.dense({ units: 3 })]));
});

// --- Convolutions and pooling --------------------------------------------------------------
const CONV2D: [string, Any][] = [
  ['valid', { padding: 'valid', kernelSize: 3 }],
  ['same, stride 2, odd total padding', { padding: 'same', kernelSize: 3, strides: 2 }],
  ['same, even kernel [4, 2]', { padding: 'same', kernelSize: [4, 2] }],
  ['dilation 2, valid', { padding: 'valid', kernelSize: 3, dilationRate: 2 }],
  ['dilation 2, same', { padding: 'same', kernelSize: 3, dilationRate: 2 }],
  ['no bias, tanh', { padding: 'same', kernelSize: 2, useBias: false, activation: 'tanh' }],
  ['softmax over channels', { padding: 'valid', kernelSize: 2, activation: 'softmax' }],
];
for (const [label, options] of CONV2D) {
  test(`Conv2D ${label}`, async () => {
    await check(seq([L.conv2d({ inputShape: [6, 6, 2], filters: 3, ...options })]));
  });
}

test('Conv1D valid, same with stride, dilation', async () => {
  await check(seq([L.conv1d({ inputShape: [7, 3], filters: 4, kernelSize: 3 })]));
  await check(seq([L.conv1d({ inputShape: [8, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' })]));
  await check(seq([L.conv1d({ inputShape: [8, 3], filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same' })]));
});

test('Stacked convs cancel their inner transposes', async () => {
  const model = seq([L.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }), L.maxPooling2d({ poolSize: 2 }), L.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }), L.flatten()]);
  await check(model);
  const ops = buildOnnxModel(model).message.graph.node.map((n) => n.opType);
  assert.equal(ops.filter((o) => o === 'Transpose').length, 2);
});

test('DepthwiseConv2D and SeparableConv2D', async () => {
  await check(seq([L.depthwiseConv2d({ inputShape: [6, 6, 3], kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' })]));
  await check(seq([L.depthwiseConv2d({ inputShape: [6, 6, 3], kernelSize: 2, activation: 'relu' })]));
  await check(seq([L.separableConv2d({ inputShape: [6, 6, 3], filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same' })]));
  await check(seq([L.separableConv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 3, strides: 2, activation: 'relu' })]));
});

const DECONV: [number, number, string][] = [[3, 2, 'same'], [3, 2, 'valid'], [1, 2, 'same'], [1, 2, 'valid'], [4, 2, 'same'], [2, 3, 'valid'], [3, 1, 'same']];
for (const [k, s, padding] of DECONV) {
  test(`Conv2DTranspose kernel ${k} stride ${s} ${padding}`, async () => {
    await check(seq([L.conv2dTranspose({ inputShape: [4, 5, 2], filters: 3, kernelSize: k, strides: s, padding: padding as Any })]));
  });
}

test('MaxPooling2D / AveragePooling2D, valid and same (padding excluded from averages)', async () => {
  for (const make of [L.maxPooling2d, L.averagePooling2d]) {
    await check(seq([make({ inputShape: [6, 6, 2], poolSize: 2 })]));
    await check(seq([make({ inputShape: [7, 5, 2], poolSize: 3, strides: 2, padding: 'same' })]));
    await check(seq([make({ inputShape: [6, 6, 2], poolSize: [2, 3], strides: [1, 2] })]));
  }
});

test('MaxPooling1D / AveragePooling1D', async () => {
  for (const make of [L.maxPooling1d, L.averagePooling1d]) {
    await check(seq([make({ inputShape: [7, 3], poolSize: 2 })]));
    await check(seq([make({ inputShape: [7, 3], poolSize: 3, strides: 2, padding: 'same' })]));
  }
});

test('Global average / max pooling 1D and 2D', async () => {
  await check(seq([L.globalAveragePooling2d({ inputShape: [4, 5, 3] })]));
  await check(seq([L.globalMaxPooling2d({ inputShape: [4, 5, 3] })]));
  await check(seq([L.globalAveragePooling1d({ inputShape: [6, 3] })]));
  await check(seq([L.globalMaxPooling1d({ inputShape: [6, 3] })]));
});

test('A small CNN at opset 13', async () => {
  await check(seq([L.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), L.batchNormalization(), L.maxPooling2d({ poolSize: 2 }), L.flatten(), L.dropout({ rate: 0.2 }), L.dense({ units: 3, activation: 'softmax' })]), 13);
});

// --- Recurrent ----------------------------------------------------------------------------------
for (const kind of ['simpleRNN', 'lstm', 'gru'] as const) {
  for (const returnSequences of [false, true]) {
    test(`${kind} returnSequences=${returnSequences}`, async () => {
      await check(seq([(L[kind] as Any)({ inputShape: [5, 3], units: 4, returnSequences })]));
    });
  }
}

test('LSTM and GRU with goBackwards, sigmoid recurrent activation, no bias', async () => {
  for (const kind of ['lstm', 'gru'] as const) {
    for (const returnSequences of [false, true]) await check(seq([(L[kind] as Any)({ inputShape: [5, 3], units: 4, goBackwards: true, returnSequences })]));
    await check(seq([(L[kind] as Any)({ inputShape: [5, 3], units: 4, recurrentActivation: 'sigmoid', useBias: false })]));
  }
  await check(seq([L.simpleRNN({ inputShape: [5, 3], units: 4, activation: 'relu', goBackwards: true })]));
});

test('LSTM with a free time axis and returnState; stacked LSTM → LSTM → Dense', async () => {
  const input = tf.input({ shape: [null, 3] });
  const [y, h, c] = L.lstm({ units: 4, returnState: true }).apply(input) as tf.SymbolicTensor[];
  await check(tf.model({ inputs: input, outputs: [y, h, c] }));
  await check(seq([L.lstm({ inputShape: [6, 3], units: 5, returnSequences: true }), L.lstm({ units: 4 }), L.dense({ units: 2 })]));
});

test('Embedding → GRU → Dense', async () => {
  await check(seq([L.embedding({ inputShape: [6], inputDim: 12, outputDim: 4 }), L.gru({ units: 5 }), L.dense({ units: 2, activation: 'softmax' })]));
});

for (const mergeMode of ['concat', 'sum', 'ave', 'mul'] as const) {
  test(`Bidirectional LSTM mergeMode ${mergeMode}, sequences on and off`, async () => {
    for (const returnSequences of [false, true]) {
      await check(seq([L.bidirectional({ inputShape: [5, 3], layer: L.lstm({ units: 4, returnSequences }) as Any, mergeMode })]));
    }
  });
}

test('Bidirectional GRU and SimpleRNN; mergeMode null gives two outputs', async () => {
  await check(seq([L.bidirectional({ inputShape: [5, 3], layer: L.gru({ units: 4, returnSequences: true }) as Any })]));
  await check(seq([L.bidirectional({ inputShape: [5, 3], layer: L.simpleRNN({ units: 4 }) as Any })]));
  const input = tf.input({ shape: [5, 3] });
  const outs = L.bidirectional({ layer: L.lstm({ units: 4 }) as Any, mergeMode: null as Any }).apply(input) as tf.SymbolicTensor[];
  await check(tf.model({ inputs: input, outputs: outs }));
});

// --- Merges and functional models -----------------------------------------------------------
function twoBranches(merge: (xs: tf.SymbolicTensor[]) => tf.SymbolicTensor, units = 4): tf.LayersModel {
  const a = tf.input({ shape: [5] });
  const b = tf.input({ shape: [3] });
  const x = L.dense({ units }).apply(a) as tf.SymbolicTensor;
  const y = L.dense({ units, activation: 'tanh' }).apply(b) as tf.SymbolicTensor;
  const z = L.dense({ units }).apply(a) as tf.SymbolicTensor;
  return tf.model({ inputs: [a, b], outputs: L.dense({ units: 2 }).apply(merge([x, y, z])) as tf.SymbolicTensor });
}

test('Add, Multiply, Average, Maximum, Minimum, Concatenate (three inputs, two model inputs)', async () => {
  await check(twoBranches((xs) => L.add().apply(xs) as tf.SymbolicTensor));
  await check(twoBranches((xs) => L.multiply().apply(xs) as tf.SymbolicTensor));
  await check(twoBranches((xs) => L.average().apply(xs) as tf.SymbolicTensor));
  await check(twoBranches((xs) => L.maximum().apply(xs) as tf.SymbolicTensor));
  await check(twoBranches((xs) => L.minimum().apply(xs) as tf.SymbolicTensor));
  await check(twoBranches((xs) => L.concatenate().apply(xs) as tf.SymbolicTensor));
});

test('Concatenate on a non-last axis of conv feature maps', async () => {
  const input = tf.input({ shape: [6, 6, 2] });
  const a = L.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  const b = L.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  await check(tf.model({ inputs: input, outputs: L.concatenate({ axis: 1 }).apply([a, b]) as tf.SymbolicTensor }));
  await check(tf.model({ inputs: input, outputs: L.concatenate().apply([a, b]) as tf.SymbolicTensor }));
});

test('Dot on rank 2 and rank 3, with normalize', async () => {
  await check(twoBranches((xs) => L.dot({ axes: 1 }).apply(xs.slice(0, 2)) as tf.SymbolicTensor));
  await check(twoBranches((xs) => L.dot({ axes: -1, normalize: true }).apply(xs.slice(0, 2)) as tf.SymbolicTensor));
  const a = tf.input({ shape: [4, 3] });
  const b = tf.input({ shape: [5, 3] });
  await check(tf.model({ inputs: [a, b], outputs: L.dot({ axes: [2, 2] }).apply([a, b]) as tf.SymbolicTensor }));
  const c = tf.input({ shape: [3, 4] });
  await check(tf.model({ inputs: [c, b], outputs: L.dot({ axes: [1, 2], normalize: true }).apply([c, b]) as tf.SymbolicTensor }));
});

test('A shared layer applied twice and a residual connection', async () => {
  const input = tf.input({ shape: [6] });
  const shared = L.dense({ units: 6, activation: 'relu' });
  const h = shared.apply(input) as tf.SymbolicTensor;
  const h2 = shared.apply(h) as tf.SymbolicTensor;
  const out = L.add().apply([h2, input]) as tf.SymbolicTensor;
  await check(tf.model({ inputs: input, outputs: [out, h] }));
});

// --- What the exporter refuses, and what proves it can fail --------------------------------
test('Masking, stateful RNNs and maskZero embeddings feeding an RNN are refused by name and class', () => {
  assert.throws(() => buildOnnxModel(seq([L.masking({ inputShape: [5, 3] }), L.lstm({ units: 2 })])), (err: unknown) => err instanceof UnsupportedLayerError && /masking_Masking\d+/.test(err.message) && /\(Masking\)/.test(err.message));
  assert.throws(() => buildOnnxModel(seq([L.lstm({ batchInputShape: [2, 5, 3], units: 2, stateful: true })])), (err: unknown) => err instanceof UnsupportedLayerError && /\(LSTM\)/.test(err.message) && /stateful/.test(err.message));
  assert.throws(() => buildOnnxModel(seq([L.embedding({ inputShape: [5], inputDim: 9, outputDim: 3, maskZero: true }), L.gru({ units: 2 })])), (err: unknown) => err instanceof UnsupportedLayerError && /\(Embedding\)/.test(err.message) && /maskZero/.test(err.message));
  assert.throws(() => buildOnnxModel(seq([L.conv2d({ inputShape: [2, 5, 5], filters: 2, kernelSize: 2, dataFormat: 'channelsFirst' })])), (err: unknown) => err instanceof UnsupportedLayerError && /channelsFirst/.test(err.message));
  assert.throws(() => buildOnnxModel(seq([L.dense({ inputShape: [3], units: 2 })]), { opset: 12 }), (err: unknown) => err instanceof OnnxExportError && err.code === 'bad-input');
});

test('An unregistered layer class is refused, naming it', () => {
  assert.throws(() => buildOnnxModel(seq([L.conv3d({ inputShape: [3, 3, 3, 1], filters: 1, kernelSize: 2 })])), (err: unknown) => err instanceof UnsupportedLayerError && /\(Conv3D\)/.test(err.message));
});

test('A wrong mapping fails verification (sigmoid where tfjs uses hardSigmoid)', async () => {
  const original = CONVERTERS.Activation;
  CONVERTERS.Activation = (ctx, [x]) => [ctx.g.op('Sigmoid', [x], `${ctx.prefix}/wrong`)];
  try {
    const model = randomize(seq([L.dense({ inputShape: [5], units: 8 }), L.activation({ activation: 'hardSigmoid' })]));
    const { report } = await exportModel(model);
    assert.equal(report.verification!.passed, false);
    assert.ok(report.verification!.outputs[0].maxAbs > 1e-3);
  } finally {
    CONVERTERS.Activation = original;
  }
});

test('compare() applies atol 1e-4 + rtol 1e-4 per element, shapes exactly, NaN only against NaN', () => {
  assert.equal(compare('y', [1.00019], [1], [1], [1]).passed, true);
  assert.equal(compare('y', [1.00021], [1], [1], [1]).passed, false);
  assert.equal(compare('y', [1, 2], [2], [1, 2], [1, 2]).passed, false);
  assert.equal(compare('y', [NaN], [1], [NaN], [1]).passed, true);
  assert.equal(compare('y', [NaN], [1], [0], [1]).passed, false);
});

test('The checker rejects unsorted graphs, undefined inputs and ops outside the opset', () => {
  const { message } = buildOnnxModel(seq([L.dense({ inputShape: [3], units: 2, activation: 'relu' })]), { opset: 13 });
  assert.deepEqual(checkModel(message), []);
  const reversed = { ...message, graph: { ...message.graph, node: [...message.graph.node].reverse() } };
  assert.ok(checkModel(reversed).some((p) => /topologically/.test(p)));
  const outOfOpset = { ...message, graph: { ...message.graph, node: [...message.graph.node, { name: 'ln', opType: 'LayerNormalization', input: [message.graph.output[0].name], output: ['z'] }] } };
  assert.ok(checkModel(outOfOpset).some((p) => /opset 13/.test(p)));
});

test('Metadata, dynamic batch and named inputs/outputs', () => {
  const model = seq([L.dense({ inputShape: [3], units: 2 })]);
  const { message } = buildOnnxModel(model, { metadata: { runId: 'run-1', experiment: 'exp', trainingConfig: { epochs: 3 } }, producerVersion: '0.1.0' });
  const decoded = decodeModel(require('../src/engine/onnx/proto').encodeModel(message));
  assert.equal(decoded.producerName, 'modellab');
  assert.equal(decoded.producerVersion, '0.1.0');
  assert.equal(decoded.opsetImport[0].version, 17);
  const meta = Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
  assert.equal(meta['modellab.run_id'], 'run-1');
  assert.equal(meta['modellab.experiment'], 'exp');
  assert.deepEqual(JSON.parse(meta['modellab.training_config']), { epochs: 3 });
  assert.equal(decoded.graph.input[0].type.tensorType.shape.dim[0].dimParam, 'batch');
  assert.equal(decoded.graph.output[0].name, model.layers[0].name);
  assert.equal(randomInputSets(model).length, 2);
});
