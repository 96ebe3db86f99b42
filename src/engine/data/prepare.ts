// Resolves a data spec into the engine's in-memory dataset: seeded splits, standardized features
// (with training-split statistics only, so nothing leaks from validation or test), encoded targets.
import * as tf from '@tensorflow/tfjs';
import type { DataSpec, DataSplits, DatasetOptions, DigitsOptions, TensorLike, XY } from '../../sdk/types';
import { BUILTIN_NAMES, isRealDataset, loadCsvDataset, loadRealDataset } from './builtin';
import { createRng, permutation } from './rng';
import { generateSynthetic, SYNTHETIC_NAMES, type RawDataset, type SyntheticName } from './synthetic';
import type { ArraySplit, PreparedData } from './types';

export interface DataContext {
  seed: number;
  lossName?: string;
}

function checkFraction(value: number | undefined, what: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) throw new Error(`${what} must be a fraction in [0, 1), got ${JSON.stringify(value)}`);
  return value;
}

/** Seeded split of row indices into test, validation, train (then `limit` on train). */
function splitIndices(rows: number, options: DatasetOptions, seed: number): { train: Uint32Array; validation: Uint32Array; test: Uint32Array } {
  const testFraction = checkFraction(options.testSplit, 'testSplit');
  const valFraction = checkFraction(options.validationSplit, 'validationSplit');
  if (testFraction + valFraction >= 1) throw new Error(`validationSplit + testSplit must leave rows to train on (got ${valFraction} + ${testFraction})`);
  const order = permutation(rows, createRng(seed));
  const nTest = Math.round(rows * testFraction);
  const nVal = Math.round(rows * valFraction);
  let train = order.subarray(nTest + nVal);
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error(`limit must be a whole number ≥ 1, got ${JSON.stringify(options.limit)}`);
    train = train.subarray(0, Math.min(options.limit, train.length));
  }
  if (train.length === 0) throw new Error('No rows left to train on after the validation and test splits');
  return { test: order.subarray(0, nTest), validation: order.subarray(nTest, nTest + nVal), train };
}

/** Rows `indices` of a row-major table of `width` values. */
function gatherRows(values: ArrayLike<number>, width: number, indices: Uint32Array): Float32Array {
  const out = new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++) {
    const base = indices[i] * width;
    for (let j = 0; j < width; j++) out[i * width + j] = values[base + j];
  }
  return out;
}

/** Per-feature mean and std of the training split; std below 1e-8 (constant features) becomes 1. */
function standardize(train: ArraySplit, others: (ArraySplit | undefined)[], width: number): { mean: number[]; std: number[] } {
  const mean = new Float64Array(width);
  const sq = new Float64Array(width);
  for (let i = 0; i < train.count; i++) {
    for (let j = 0; j < width; j++) mean[j] += train.x[i * width + j];
  }
  for (let j = 0; j < width; j++) mean[j] /= train.count;
  for (let i = 0; i < train.count; i++) {
    for (let j = 0; j < width; j++) {
      const d = train.x[i * width + j] - mean[j];
      sq[j] += d * d;
    }
  }
  const std = Array.from(sq, (s) => {
    const v = Math.sqrt(s / train.count);
    return v < 1e-8 ? 1 : v;
  });
  for (const split of [train, ...others]) {
    if (!split) continue;
    for (let i = 0; i < split.count; i++) {
      for (let j = 0; j < width; j++) split.x[i * width + j] = (split.x[i * width + j] - mean[j]) / std[j];
    }
  }
  return { mean: Array.from(mean), std };
}

/** How classification targets are stored: one-hot rows, or a single column (index, or 0/1 for binary). */
function targetEncoding(numClasses: number, options: DatasetOptions, lossName?: string): boolean {
  if (options.oneHot !== undefined) return options.oneHot;
  if (lossName === 'sparseCategoricalCrossentropy') return false;
  if (lossName === 'binaryCrossentropy' && numClasses <= 2) return false;
  return true;
}

function encodeTargets(targets: ArrayLike<number>, indices: Uint32Array, numClasses: number, oneHot: boolean): Float32Array {
  if (!oneHot) return gatherRows(targets, 1, indices);
  const out = new Float32Array(indices.length * numClasses);
  for (let i = 0; i < indices.length; i++) out[i * numClasses + targets[indices[i]]] = 1;
  return out;
}

function featureShapeFor(raw: RawDataset, shape: number[] | undefined, name: string): number[] {
  const width = raw.featureNames.length;
  if (!shape) return [width];
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 1) || shape.reduce((a, b) => a * b, 1) !== width) {
    throw new Error(`${name}: shape ${JSON.stringify(shape)} does not hold its ${width} features per sample`);
  }
  return shape;
}

/** From a raw table (built-in, synthetic or CSV) to splits. */
export function prepareRaw(raw: RawDataset, name: string, options: DatasetOptions & { shape?: number[] }, ctx: DataContext): PreparedData {
  const featureShape = featureShapeFor(raw, options.shape, name);
  const width = raw.featureNames.length;
  const idx = splitIndices(raw.rows, options, options.seed ?? ctx.seed);
  const classification = raw.task === 'classification';
  const numClasses = classification ? raw.numClasses ?? 2 : undefined;
  const oneHot = classification ? targetEncoding(numClasses!, options, ctx.lossName) : false;
  const targetWidth = oneHot ? numClasses! : 1;
  const split = (rows: Uint32Array): ArraySplit | undefined =>
    rows.length === 0 ? undefined : { x: gatherRows(raw.features, width, rows), y: classification ? encodeTargets(raw.targets, rows, numClasses!, oneHot) : gatherRows(raw.targets, 1, rows), count: rows.length };
  const train = split(idx.train)!;
  const validation = split(idx.validation);
  const test = split(idx.test);
  const normalization = options.normalize === false ? undefined : standardize(train, [validation, test], width);
  return {
    name, task: raw.task, featureShape, targetShape: [targetWidth], numClasses, oneHot,
    featureNames: raw.featureNames, classNames: raw.classNames, train, validation, test, normalization,
  };
}

// ---- Data from a user function: tensors or nested arrays ----

interface Dense {
  values: Float32Array;
  shape: number[];
}

async function toDense(value: TensorLike, where: string): Promise<Dense> {
  if (value instanceof tf.Tensor) return { values: Float32Array.from(await value.data()), shape: value.shape.slice() };
  if (value instanceof Float32Array) return { values: value, shape: [value.length] };
  if (!Array.isArray(value)) throw new Error(`${where} must be a tf.Tensor or a (nested) array of numbers, got ${typeof value}`);
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  let k = 0;
  const walk = (node: unknown, depth: number, path: number[]) => {
    if (depth === shape.length) {
      if (typeof node !== 'number') throw new Error(`${where}[${path.join('][')}] is ${JSON.stringify(node)}, not a number`);
      values[k++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new Error(`${where}[${path.join('][')}] has ${Array.isArray(node) ? node.length : 'no'} entries where ${shape[depth]} were expected: every row must have the same shape`);
    }
    node.forEach((child, i) => walk(child, depth + 1, [...path, i]));
  };
  walk(value, 0, []);
  return { values, shape };
}

async function toSplit(xy: XY | undefined, name: string): Promise<{ x: Dense; y: Dense } | undefined> {
  if (!xy) return undefined;
  if (typeof xy !== 'object' || !('x' in xy) || !('y' in xy)) throw new Error(`data.${name} must be { x, y }`);
  const x = await toDense(xy.x, `data.${name}.x`);
  const y = await toDense(xy.y, `data.${name}.y`);
  if (x.shape[0] !== y.shape[0]) throw new Error(`data.${name}: x has ${x.shape[0]} rows but y has ${y.shape[0]}`);
  if (y.shape.length === 1) y.shape.push(1);
  if (x.shape.length === 1) x.shape.push(1);
  return { x, y };
}

function isOneHot(y: Dense): boolean {
  const w = y.shape[1];
  if (y.shape.length !== 2 || w < 2) return false;
  for (let i = 0; i < y.shape[0]; i++) {
    let sum = 0;
    for (let j = 0; j < w; j++) {
      const v = y.values[i * w + j];
      if (v !== 0 && v !== 1) return false;
      sum += v;
    }
    if (sum !== 1) return false;
  }
  return true;
}

function integerLabels(y: Dense): number | undefined {
  if (y.shape.length !== 2 || y.shape[1] !== 1) return undefined;
  let max = 0;
  for (const v of y.values) {
    if (!Number.isInteger(v) || v < 0) return undefined;
    max = Math.max(max, v);
  }
  return max + 1;
}

function takeRows(d: Dense, rows: Uint32Array): Dense {
  const width = d.shape.slice(1).reduce((a, b) => a * b, 1);
  return { values: gatherRows(d.values, width, rows), shape: [rows.length, ...d.shape.slice(1)] };
}

async function prepareFunction(fn: () => DataSplits | Promise<DataSplits>, options: DatasetOptions, ctx: DataContext): Promise<PreparedData> {
  const result = await fn();
  if (!result || typeof result !== 'object' || !result.train) throw new Error('The data function must return { train: { x, y }, validation?: { x, y }, test?: { x, y } }');
  let train = (await toSplit(result.train, 'train'))!;
  let validation = await toSplit(result.validation, 'validation');
  let test = await toSplit(result.test, 'test');
  for (const [name, s] of [['validation', validation], ['test', test]] as const) {
    if (s && (s.x.shape.slice(1).join() !== train.x.shape.slice(1).join() || s.y.shape.slice(1).join() !== train.y.shape.slice(1).join())) {
      throw new Error(`data.${name} has samples of shape x ${JSON.stringify(s.x.shape.slice(1))}, y ${JSON.stringify(s.y.shape.slice(1))} but data.train has x ${JSON.stringify(train.x.shape.slice(1))}, y ${JSON.stringify(train.y.shape.slice(1))}`);
    }
  }
  // Hold out splits the function did not provide.
  if (!validation && !test && (options.validationSplit || options.testSplit || options.limit)) {
    const idx = splitIndices(train.x.shape[0], options, options.seed ?? ctx.seed);
    validation = idx.validation.length ? { x: takeRows(train.x, idx.validation), y: takeRows(train.y, idx.validation) } : undefined;
    test = idx.test.length ? { x: takeRows(train.x, idx.test), y: takeRows(train.y, idx.test) } : undefined;
    train = { x: takeRows(train.x, idx.train), y: takeRows(train.y, idx.train) };
  } else if (!validation && options.validationSplit) {
    const idx = splitIndices(train.x.shape[0], { validationSplit: options.validationSplit, limit: options.limit }, options.seed ?? ctx.seed);
    validation = { x: takeRows(train.x, idx.validation), y: takeRows(train.y, idx.validation) };
    train = { x: takeRows(train.x, idx.train), y: takeRows(train.y, idx.train) };
  }
  const crossEntropy = ctx.lossName ? /Crossentropy$/.test(ctx.lossName) : false;
  const oneHotGiven = isOneHot(train.y);
  const labels = integerLabels(train.y);
  const classification = oneHotGiven || (crossEntropy && labels !== undefined);
  let numClasses: number | undefined;
  let oneHot = false;
  let convert = false;
  if (oneHotGiven) {
    numClasses = train.y.shape[1];
    oneHot = true;
  } else if (classification) {
    numClasses = Math.max(labels!, ...[validation, test].map((s) => (s ? integerLabels(s.y) ?? 0 : 0)), 2);
    oneHot = targetEncoding(numClasses, options, ctx.lossName);
    convert = oneHot;
  }
  const toArraySplit = (s: { x: Dense; y: Dense } | undefined): ArraySplit | undefined => {
    if (!s || s.x.shape[0] === 0) return undefined;
    const count = s.x.shape[0];
    const y = convert ? encodeTargets(s.y.values, Uint32Array.from({ length: count }, (_, i) => i), numClasses!, true) : s.y.values;
    return { x: Float32Array.from(s.x.values), y, count };
  };
  const trainSplit = toArraySplit(train)!;
  const validationSplit = toArraySplit(validation);
  const testSplit = toArraySplit(test);
  const featureShape = train.x.shape.slice(1);
  const width = featureShape.reduce((a, b) => a * b, 1);
  const normalization = options.normalize === false ? undefined : standardize(trainSplit, [validationSplit, testSplit], width);
  return {
    name: 'function', task: classification ? 'classification' : 'regression', featureShape,
    targetShape: convert ? [numClasses!] : train.y.shape.slice(1), numClasses, oneHot,
    train: trainSplit, validation: validationSplit, test: testSplit, normalization,
  };
}

export async function resolveData(spec: DataSpec, ctx: DataContext): Promise<PreparedData> {
  if (!spec || typeof spec !== 'object' || !('kind' in spec)) throw new Error('data must be a dataset (datasets.digits(), datasets.csv(path), …) or a function returning { train, validation?, test? }');
  switch (spec.kind) {
    case 'builtin': {
      const options = spec.options ?? {};
      if (isRealDataset(spec.name)) return prepareRaw(loadRealDataset(spec.name), spec.name, options as DigitsOptions, ctx);
      if ((SYNTHETIC_NAMES as string[]).includes(spec.name)) {
        const raw = generateSynthetic(spec.name as SyntheticName, options, options.seed ?? ctx.seed);
        return prepareRaw(raw, spec.name, options, ctx);
      }
      throw new Error(`Unknown dataset '${String(spec.name)}'. Built-in datasets: ${BUILTIN_NAMES.join(', ')}`);
    }
    case 'csv':
      return prepareRaw(loadCsvDataset(spec.resolvedPath, spec.options, ctx.lossName), `csv:${spec.path}`, spec.options, ctx);
    case 'function':
      return prepareFunction(spec.fn, spec.options ?? {}, ctx);
    default:
      throw new Error(`Unknown data kind '${String((spec as { kind: unknown }).kind)}'`);
  }
}
