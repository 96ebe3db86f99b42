// Data returned by a user's function ({ train: { x, y }, validation?, test? } of tensors, nested arrays or
// Float32Arrays) turned into flat typed arrays, with errors that name the split and the row at fault,
// and the task inferred from the targets and the loss.
import type { DataSplits } from '../../sdk/types';
import { DataError, formatShape, sizeOf, taskFromLoss, type DatasetInfo } from './raw';
import type { ArraySplit } from './types';

type SplitName = 'train' | 'validation' | 'test';

/** One of x or y: `rows` samples of `rowShape`, row-major. */
interface Dense {
  values: Float32Array;
  rows: number;
  rowShape: number[];
  /** A bare Float32Array: no shape of its own, rows come from the other side. */
  flat: boolean;
}

interface TensorLikeValue {
  shape: number[];
  dtype: string;
  data(): Promise<ArrayLike<number>>;
}

/** Duck-typed so that tensors from any tfjs instance (the model file's or ours) are accepted. */
function isTensor(value: unknown): value is TensorLikeValue {
  const v = value as TensorLikeValue | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.shape) && typeof v.data === 'function' && typeof v.dtype === 'string';
}

type ListLike = ArrayLike<unknown>;

function isList(value: unknown): value is ListLike {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  if (isTensor(value)) return `a tensor of shape ${formatShape(value.shape)}`;
  if (typeof value === 'object' && value !== null && !isList(value)) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A fresh Float32Array copy (typed-array sources are copied natively, not element by element). */
function toFloat32(data: ArrayLike<number>): Float32Array {
  return ArrayBuffer.isView(data) ? new Float32Array(data as unknown as Float32Array) : Float32Array.from(data);
}

/** Index of the first non-finite value, or -1. */
function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** Copies nested arrays into one Float32Array, checking that every row has row 0's shape. */
function fromNested(root: ListLike, where: string): Dense {
  const shape: number[] = [];
  for (let node: unknown = root; isList(node); node = node[0]) {
    shape.push(node.length);
    if (node.length === 0) break;
  }
  const values = new Float32Array(sizeOf(shape));
  const path: number[] = [];
  let k = 0;
  const fail = (problem: string): never => {
    throw new DataError(`${where} row ${path[0]}: ${path.map((i) => `[${i}]`).join('')} ${problem} (every row must have the shape of row 0, ${formatShape(shape.slice(1))})`);
  };
  const leafDepth = shape.length - 1;
  const walk = (node: unknown, depth: number): void => {
    if (!isList(node)) return fail(`is ${show(node)} where a list of ${shape[depth]} was expected`);
    if (node.length !== shape[depth]) fail(`has ${node.length} entries where ${shape[depth]} were expected`);
    if (depth === leafDepth) {
      // Hot loop over the numbers of one innermost list; the path is only built for an error.
      for (let i = 0; i < node.length; i++) {
        const v = node[i];
        if (typeof v === 'number' && Number.isFinite(v)) {
          values[k++] = v;
          continue;
        }
        path.push(i);
        fail(typeof v === 'number' ? `is ${v}; values must be finite numbers` : `is ${show(v)}, not a number`);
      }
      return;
    }
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      walk(node[i], depth + 1);
      path.pop();
    }
  };
  walk(root, 0);
  return { values, rows: shape[0], rowShape: shape.slice(1), flat: false };
}

async function toDense(value: unknown, where: string): Promise<Dense> {
  if (isTensor(value)) {
    if (value.dtype === 'string') throw new DataError(`${where} is a string tensor; it must hold numbers`);
    if (value.shape.length === 0) throw new DataError(`${where} is a scalar tensor; it needs one row per sample`);
    let data: ArrayLike<number>;
    try {
      data = await value.data();
    } catch (err) {
      throw new DataError(`${where}: cannot read the tensor (${(err as Error).message}). Was it disposed?`);
    }
    return checkFinite({ values: toFloat32(data), rows: value.shape[0], rowShape: value.shape.slice(1), flat: false }, where);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const values = toFloat32(value as unknown as ArrayLike<number>);
    return checkFinite({ values, rows: values.length, rowShape: [], flat: true }, where);
  }
  if (Array.isArray(value)) return fromNested(value, where);
  throw new DataError(`${where} must be a tf.Tensor, a (nested) array of numbers or a Float32Array, got ${show(value)}`);
}

function checkFinite(d: Dense, where: string): Dense {
  const bad = firstNonFinite(d.values);
  if (bad >= 0) {
    const rowSize = d.flat ? 1 : Math.max(1, sizeOf(d.rowShape));
    throw new DataError(`${where} row ${Math.floor(bad / rowSize)} holds ${d.values[bad]}; values must be finite numbers`);
  }
  return d;
}

/** Gives a bare Float32Array the row count of its partner: `rows` rows of length/rows values. */
function reshapeFlat(d: Dense, rows: number, where: string): void {
  if (rows === 0 || d.values.length % rows !== 0) {
    throw new DataError(`${where} is a flat Float32Array of ${d.values.length} values, which does not divide into ${rows} rows`);
  }
  const width = d.values.length / rows;
  d.rows = rows;
  d.rowShape = width === 1 ? [] : [width];
}

async function toPair(xy: unknown, split: SplitName): Promise<{ x: Dense; y: Dense } | undefined> {
  if (xy === undefined || xy === null) return undefined;
  const obj = xy as { x?: unknown; y?: unknown };
  if (typeof xy !== 'object' || !('x' in obj) || !('y' in obj)) throw new DataError(`data.${split} must be an object { x, y }, got ${show(xy)}`);
  const x = await toDense(obj.x, `data.${split}.x`);
  const y = await toDense(obj.y, `data.${split}.y`);
  if (x.flat && !y.flat) reshapeFlat(x, y.rows, `data.${split}.x`);
  else if (y.flat && !x.flat) reshapeFlat(y, x.rows, `data.${split}.y`);
  else if (x.flat && y.flat && x.rows !== y.rows) reshapeFlat(x, y.rows, `data.${split}.x`);
  if (x.rows !== y.rows) throw new DataError(`data.${split}: x has ${x.rows} rows but y has ${y.rows}; they need one row per sample`);
  if (split === 'train' && x.rows === 0) throw new DataError('data.train has no rows');
  // A 1-D x or y is one value per sample.
  if (x.rowShape.length === 0) x.rowShape = [1];
  if (y.rowShape.length === 0) y.rowShape = [1];
  return { x, y };
}

/** Rows that are all 0 except a single 1. */
function isOneHot(y: Dense): boolean {
  const w = sizeOf(y.rowShape);
  if (y.rowShape.length !== 1 || w < 2) return false;
  for (let r = 0; r < y.rows; r++) {
    let ones = 0;
    for (let j = r * w; j < (r + 1) * w; j++) {
      const v = y.values[j];
      if (v === 1) ones++;
      else if (v !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

const MAX_LABELS = 100;

/** The largest label when y holds whole-number labels ≥ 0 with at most 100 distinct values, else -1. */
function maxIntegerLabel(y: Dense): number {
  if (sizeOf(y.rowShape) !== 1) return -1;
  const seen = new Set<number>();
  let max = -1;
  for (const v of y.values) {
    if (!Number.isInteger(v) || v < 0) return -1;
    if (!seen.has(v)) {
      seen.add(v);
      if (seen.size > MAX_LABELS) return -1;
    }
    if (v > max) max = v;
  }
  return max;
}

/** One-hot rows as class indices. */
function argmaxRows(y: Dense): Float32Array {
  const w = sizeOf(y.rowShape);
  const out = new Float32Array(y.rows);
  for (let r = 0; r < y.rows; r++) {
    for (let j = 0; j < w; j++) if (y.values[r * w + j] === 1) out[r] = j;
  }
  return out;
}

export interface FunctionData {
  info: DatasetInfo;
  train: ArraySplit;
  validation?: ArraySplit;
  test?: ArraySplit;
}

/**
 * Calls the user's data function and converts what it returns. Classification targets come back as
 * class indices (targetShape [1]), like every other source; regression targets unchanged.
 */
export async function loadFunctionData(fn: () => DataSplits | Promise<DataSplits>, lossName?: string): Promise<FunctionData> {
  if (typeof fn !== 'function') throw new DataError(`A function data source needs a function, got ${show(fn)}`);
  const result = (await fn()) as DataSplits | undefined;
  if (typeof result !== 'object' || result === null || !('train' in result) || !result.train) {
    throw new DataError(`The data function must return { train: { x, y }, validation?: { x, y }, test?: { x, y } }, got ${show(result)}`);
  }
  const train = (await toPair(result.train, 'train'))!;
  const others: [SplitName, { x: Dense; y: Dense } | undefined][] = [
    ['validation', await toPair(result.validation, 'validation')],
    ['test', await toPair(result.test, 'test')],
  ];
  for (const [name, s] of others) {
    if (!s) continue;
    for (const part of ['x', 'y'] as const) {
      if (formatShape(s[part].rowShape) !== formatShape(train[part].rowShape)) {
        throw new DataError(`data.${name}.${part} has samples of shape ${formatShape(s[part].rowShape)} but data.train.${part} has ${formatShape(train[part].rowShape)}`);
      }
    }
  }
  const present = [train, ...others.map(([, s]) => s).filter((s): s is { x: Dense; y: Dense } => s !== undefined && s.x.rows > 0)];

  // The loss is the best hint; the targets' form decides when it allows both.
  const hint = taskFromLoss(lossName);
  const oneHot = hint !== 'regression' && present.every((s) => isOneHot(s.y));
  const maxLabels = hint === 'classification' && !oneHot ? present.map((s) => maxIntegerLabel(s.y)) : [-1];
  const labels = maxLabels.every((m) => m >= 0);
  const maxLabel = Math.max(...maxLabels);
  const classification = oneHot || labels;
  const numClasses = oneHot ? sizeOf(train.y.rowShape) : labels ? Math.max(2, maxLabel + 1) : undefined;

  const toSplit = (s: { x: Dense; y: Dense }): ArraySplit => ({
    x: s.x.values,
    y: oneHot ? argmaxRows(s.y) : s.y.values,
    count: s.x.rows,
  });
  const [validation, test] = others.map(([, s]) => (s && s.x.rows > 0 ? toSplit(s) : undefined));
  return {
    info: {
      task: classification ? 'classification' : 'regression',
      featureShape: train.x.rowShape,
      targetShape: classification ? [1] : train.y.rowShape,
      numClasses,
    },
    train: toSplit(train),
    validation,
    test,
  };
}
