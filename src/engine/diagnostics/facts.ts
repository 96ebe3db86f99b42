// The static half of a trace: the model's layers and variables, the training configuration, and facts
// about the data, derived once before training.
import type * as tf from '@tensorflow/tfjs';
import type { ArraySplit, PreparedData } from '../data/types';
import { layerLocation } from '../loader/runtime';
import { activationOfLayer, countParams } from '../train/modelSummary';
import type { ActivationKind, ConstantFeatureFacts, DataFacts, LeakageFacts, NonFiniteFacts, NonFiniteSplit, SplitName, TraceLayer, TraceVariable } from './types';

/** Activations whose units can die (output ≤ 0 for every input); leaky variants and ELU cannot. */
const RELU_FAMILY = new Set(['relu', 'relu6']);

export { activationOfLayer };

export function activationKind(activation: string | undefined): ActivationKind {
  if (activation === undefined) return 'other';
  if (RELU_FAMILY.has(activation)) return 'relu-family';
  if (activation === 'sigmoid' || activation === 'hardSigmoid') return 'sigmoid';
  if (activation === 'tanh') return 'tanh';
  if (activation === 'softmax') return 'softmax';
  if (activation === 'linear') return 'linear';
  return 'other';
}

/**
 * The initializer as a user writes it: tfjs serializes heNormal, glorotNormal and lecunNormal all as
 * VarianceScaling, which would hide the one fact the rules need.
 */
export function describeInitializer(className: string, config: Record<string, unknown> = {}): string {
  if (className === 'VarianceScaling') {
    const family = config.scale === 2 && config.mode === 'fanIn' ? 'he' : config.scale === 1 && config.mode === 'fanAvg' ? 'glorot' : config.scale === 1 && config.mode === 'fanIn' ? 'lecun' : undefined;
    const kind = config.distribution === 'uniform' ? 'Uniform' : 'Normal';
    return family ? `${family}${kind}` : `varianceScaling(scale=${config.scale}, mode=${config.mode})`;
  }
  if (className === 'Constant') return `constant(${config.value})`;
  if (className === 'RandomNormal' || className === 'TruncatedNormal') return `${className[0].toLowerCase()}${className.slice(1)}(stddev=${config.stddev})`;
  if (className === 'RandomUniform') return `randomUniform(${config.minval}, ${config.maxval})`;
  return className[0].toLowerCase() + className.slice(1);
}

function initializersOf(layer: tf.layers.Layer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(layer.getConfig())) {
    if (!key.endsWith('Initializer') || !value || typeof value !== 'object') continue;
    const { className, config } = value as { className?: string; config?: Record<string, unknown> };
    if (className) out[key.replace(/Initializer$/, '')] = describeInitializer(className, config);
  }
  return out;
}

function sizeOf(shape: (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 1), 1);
}

export function traceLayers(model: tf.LayersModel): TraceLayer[] {
  return model.layers.map((layer, index) => {
    const activation = activationOfLayer(layer);
    return {
      name: layer.name,
      className: layer.getClassName(),
      index,
      activation,
      activationKind: activationKind(activation),
      initializers: initializersOf(layer),
      trainable: layer.trainable && layer.trainableWeights.length > 0,
      params: countParams(layer.weights),
      ...dropoutOf(layer),
      ...kernelFacts(layer),
      location: layerLocation(layer),
    };
  });
}

/** The share of inputs a layer drops while training: a Dropout's rate, an RNN's larger of dropout and recurrentDropout. */
function dropoutOf(layer: tf.layers.Layer): { dropoutRate?: number; dropoutOption?: string } {
  const config = layer.getConfig();
  let worst: { dropoutRate?: number; dropoutOption?: string } = {};
  for (const option of ['rate', 'dropout', 'recurrentDropout']) {
    const r = config[option];
    if (typeof r === 'number' && r > 0 && r > (worst.dropoutRate ?? 0)) worst = { dropoutRate: r, dropoutOption: option };
  }
  return worst;
}

type KernelFacts = Pick<TraceLayer, 'initialKernelGain' | 'initialRecurrentGain' | 'initialKernelVsGlorot' | 'initialRecurrentVsGlorot' | 'kernelL2'>;

/** The initial kernels' scales (read once, before training) and the kernel's L2 penalty. */
function kernelFacts(layer: tf.layers.Layer): KernelFacts {
  const out: KernelFacts = {};
  const regularizer = layer.getConfig().kernelRegularizer as { config?: { l2?: unknown } } | undefined;
  if (typeof regularizer?.config?.l2 === 'number' && regularizer.config.l2 > 0) out.kernelL2 = regularizer.config.l2;
  for (const w of layer.weights) {
    const role = /(?:^|\/)(kernel|recurrent_kernel)(?:_\d+)?$/.exec(w.originalName ?? w.name)?.[1];
    if (!role || w.shape.length < 2) continue;
    const fanIn = sizeOf(w.shape.slice(0, -1));
    const fanOut = w.shape[w.shape.length - 1] ?? 0;
    const rms = rootMeanSquare(w.read().dataSync());
    if (rms === undefined || fanIn <= 0 || fanOut <= 0) continue;
    const gain = rms * Math.sqrt(fanIn);
    const vsGlorot = rms / Math.sqrt(2 / (fanIn + fanOut));
    if (role === 'kernel') Object.assign(out, { initialKernelGain: gain, initialKernelVsGlorot: vsGlorot });
    else Object.assign(out, { initialRecurrentGain: gain, initialRecurrentVsGlorot: vsGlorot });
  }
  return out;
}

function rootMeanSquare(values: ArrayLike<number>): number | undefined {
  if (values.length === 0) return undefined;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) sumSq += values[i] * values[i];
  return Math.sqrt(sumSq / values.length);
}

/** The model's trainable variables, in the order the loop reports their statistics. */
export function traceVariables(model: tf.LayersModel): TraceVariable[] {
  const owner = new Map<string, string>();
  for (const layer of model.layers) for (const w of layer.trainableWeights) owner.set(w.name, layer.name);
  return model.trainableWeights.map((w) => ({
    name: w.name,
    layer: owner.get(w.name) ?? w.name.split('/')[0],
    role: w.name.split('/').pop()?.replace(/_\d+$/, '') ?? 'weight',
    size: sizeOf(w.shape),
    trainable: true,
  }));
}

function featureStats(data: PreparedData): { mean: number[]; std: number[] } {
  if (data.normalization) return data.normalization;
  const width = data.featureShape.reduce((a, b) => a * b, 1);
  const { x, count } = data.train;
  const mean = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (let i = 0; i < count; i++) for (let j = 0; j < width; j++) mean[j] += x[i * width + j] / count;
  for (let i = 0; i < count; i++) for (let j = 0; j < width; j++) sq[j] += (x[i * width + j] - mean[j]) ** 2 / count;
  return { mean, std: sq.map(Math.sqrt) };
}

/** Samples per class in a split (the training split by default), from one-hot rows or class indices. */
function classCounts(data: PreparedData, split: ArraySplit = data.train): number[] | undefined {
  if (data.task !== 'classification' || !data.numClasses) return undefined;
  const counts = new Array<number>(data.numClasses).fill(0);
  const width = data.targetShape.reduce((a, b) => a * b, 1);
  const { y, count } = split;
  for (let i = 0; i < count; i++) {
    if (data.oneHot) {
      let best = 0;
      for (let c = 1; c < width; c++) if (y[i * width + c] > y[i * width + best]) best = c;
      counts[best]++;
    } else {
      const label = Math.round(y[i * width]);
      if (label >= 0 && label < counts.length) counts[label]++;
    }
  }
  return counts;
}

/** Loss of the best constant prediction: the class prior for cross-entropies, the mean (or median) for regression. */
function trivialLoss(data: PreparedData, lossName: string, counts: number[] | undefined): number | undefined {
  const { y, count } = data.train;
  if (counts && lossName.endsWith('Crossentropy')) {
    const p = counts.map((c) => c / count).filter((q) => q > 0);
    return -p.reduce((s, q) => s + q * Math.log(q), 0);
  }
  if (data.task !== 'regression' || data.targetShape.reduce((a, b) => a * b, 1) !== 1) return undefined;
  const mean = y.reduce((s, v) => s + v, 0) / count;
  if (lossName === 'meanSquaredError') return y.reduce((s, v) => s + (v - mean) ** 2, 0) / count;
  const sorted = Float32Array.from(y).sort();
  const median = sorted[Math.floor(count / 2)];
  if (lossName === 'meanAbsoluteError') return y.reduce((s, v) => s + Math.abs(v - median), 0) / count;
  if (lossName === 'huber') return y.reduce((s, v) => { const e = Math.abs(v - median); return s + (e <= 1 ? 0.5 * e * e : e - 0.5); }, 0) / count;
  return undefined;
}

/**
 * Training rows hashed for the leakage check at most this many feature values (~40 MB of keys): all rows
 * of the bundled datasets; the first rows of a larger one (the facts then say `capped`).
 */
export const LEAKAGE_HASH_BUDGET = 10_000_000;

/** The row's float32 bit pattern as a string (2 UTF-16 units per value): equal strings ⇔ bit-identical rows. */
function rowKey(bits: Uint16Array, start: number, length: number): string {
  if (length <= 8192) return String.fromCharCode.apply(null, bits.subarray(start, start + length) as unknown as number[]);
  let key = '';
  for (let at = start; at < start + length; at += 8192) key += String.fromCharCode.apply(null, bits.subarray(at, Math.min(start + length, at + 8192)) as unknown as number[]);
  return key;
}

interface DataScan {
  nonFinite: NonFiniteFacts;
  constantFeatures: ConstantFeatureFacts;
  leakage?: LeakageFacts;
}

/**
 * One pass over each split of the prepared data (what training sees): non-finite values in features and
 * targets, per-column min/max of the training features (constant columns), and bit-exact duplicates of
 * training rows in validation/test (training rows in a Set of row keys, capped by LEAKAGE_HASH_BUDGET).
 */
export function scanData(data: PreparedData): DataScan {
  const width = data.featureShape.reduce((a, b) => a * b, 1);
  const yWidth = data.targetShape.reduce((a, b) => a * b, 1);
  const splits: [SplitName, ArraySplit | undefined][] = [['train', data.train], ['validation', data.validation], ['test', data.test]];
  const heldOut = splits.some(([name, s]) => name !== 'train' && s && s.count > 0);
  const hashRows = heldOut && width > 0 ? Math.min(data.train.count, Math.floor(LEAKAGE_HASH_BUDGET / width)) : 0;
  const trainKeys = new Set<string>();
  const min = new Float64Array(width).fill(Infinity);
  const max = new Float64Array(width).fill(-Infinity);
  const badColumns = new Uint8Array(width);
  const nonFinite: NonFiniteFacts = { splits: [], featureColumns: 0 };
  const leakage: LeakageFacts = { splits: [], trainRowsHashed: hashRows, capped: hashRows < data.train.count };

  for (const [name, split] of splits) {
    if (!split || split.count === 0) continue;
    const { x, y, count } = split;
    const bits = heldOut ? new Uint16Array(x.buffer, x.byteOffset, x.length * 2) : undefined;
    const entry: NonFiniteSplit = { split: name, rows: count, featureValues: 0, targetValues: 0 };
    let duplicates = 0;
    for (let i = 0; i < count; i++) {
      const base = i * width;
      for (let j = 0; j < width; j++) {
        const v = x[base + j];
        if (v - v !== 0) {
          // NaN or ±Infinity (v − v is NaN for both)
          entry.featureValues++;
          badColumns[j] = 1;
          nonFinite.first ??= { split: name, row: i, column: j, part: 'features', value: String(v) };
        } else if (name === 'train') {
          if (v < min[j]) min[j] = v;
          if (v > max[j]) max[j] = v;
        }
      }
      for (let j = 0; j < yWidth; j++) {
        const v = y[i * yWidth + j];
        if (v - v !== 0) {
          entry.targetValues++;
          nonFinite.first ??= { split: name, row: i, column: j, part: 'targets', value: String(v) };
        }
      }
      if (bits) {
        if (name === 'train') {
          if (i < hashRows) trainKeys.add(rowKey(bits, base * 2, width * 2));
        } else if (trainKeys.has(rowKey(bits, base * 2, width * 2))) duplicates++;
      }
    }
    nonFinite.splits.push(entry);
    if (name !== 'train' && bits) leakage.splits.push({ split: name, rows: count, duplicates });
  }
  for (let j = 0; j < width; j++) nonFinite.featureColumns += badColumns[j];

  // Constant: all finite training values of the column equal (up to float noise relative to their size).
  const indices: number[] = [];
  let constant = 0;
  for (let j = 0; j < width; j++) {
    if (!(max[j] >= min[j])) continue; // no finite value at all: the non-finite check covers it
    if (max[j] - min[j] <= 1e-7 * Math.max(Math.abs(min[j]), Math.abs(max[j]))) {
      constant++;
      if (indices.length < 10) indices.push(j);
    }
  }
  return {
    nonFinite,
    constantFeatures: { features: width, count: data.train.count >= 2 ? constant : 0, indices: data.train.count >= 2 ? indices : [] },
    leakage: heldOut && width > 0 ? leakage : undefined,
  };
}

export function dataFacts(data: PreparedData, lossName: string): DataFacts {
  const stats = featureStats(data);
  const counts = classCounts(data);
  const { y, count } = data.train;
  let labelMin = Infinity;
  let labelMax = -Infinity;
  for (let i = 0; i < y.length; i++) {
    labelMin = Math.min(labelMin, y[i]);
    labelMax = Math.max(labelMax, y[i]);
  }
  // The loss decides how targets are read: 0/1 for binary cross-entropy even when the data looked like regression (e.g. ±1 labels).
  const layout: DataFacts['targetLayout'] = lossName === 'binaryCrossentropy' ? 'binary' : data.task === 'regression' ? 'regression' : data.oneHot ? 'one-hot' : 'index';
  const facts: DataFacts = {
    // A cross-entropy makes it classification whatever the targets looked like (e.g. −1/1 labels).
    task: lossName.endsWith('Crossentropy') ? 'classification' : data.task,
    numClasses: data.numClasses,
    classCounts: counts,
    trivialLoss: trivialLoss(data, lossName, counts),
    chanceAccuracy: counts ? Math.max(...counts) / count : undefined,
    featureMean: stats.mean,
    featureStd: stats.std,
    normalized: data.normalization !== undefined,
    ...(data.featuresAreIds ? { featuresAreIds: true } : {}),
    targetLayout: layout,
    labelMin: layout === 'index' || layout === 'binary' ? labelMin : undefined,
    labelMax: layout === 'index' || layout === 'binary' ? labelMax : undefined,
  };
  const scan = scanData(data);
  facts.nonFinite = scan.nonFinite;
  facts.constantFeatures = scan.constantFeatures;
  facts.leakage = scan.leakage;
  if (data.validation && data.validation.count > 0) facts.validationClassCounts = classCounts(data, data.validation);
  if (data.task === 'regression') {
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    facts.targetMean = mean;
    facts.targetStd = Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length);
  }
  return facts;
}
