// Resolves a data spec into the engine's in-memory dataset: load or generate the rows, seeded splits,
// features standardized with training-split statistics only (so nothing leaks from validation or
// test), classification targets encoded the way the loss expects.
import * as path from 'node:path';
import type { DataDescription, DataSpec, DataSplits, DatasetOptions } from '../../sdk/types';
import { loadBuiltinDataset } from './builtin';
import { loadCsvDataset } from './csv';
import { loadImageFolder } from './images';
import { assignFolds, checkFoldRequest, classOfRows, FoldError, poolRows, splitFold, type FoldRequest } from './folds';
import { loadFunctionData } from './functionData';
import { DataError, sizeOf, type ColumnEncoding, type DatasetInfo } from './raw';
import { createRng, deriveSeed, type Rng } from './rng';
import { drawSplits, readSplitPlan, type SplitPlan, type SplitSource, type Splits } from './split';
import type { ArraySplit, PreparedData } from './types';

export interface DataContext {
  /** The experiment's seed; a dataset's own `seed` option wins. */
  seed: number;
  /** The experiment's loss: picks target encodings and settles classification vs regression. */
  lossName?: string;
  /**
   * Cross-validation: validate on fold `index` of `folds` of the non-test rows (train plus any validation
   * split), train on the other folds; stratified by class by default for classification.
   */
  fold?: FoldRequest;
  /** A CSV's column encoding as a run recorded it (reloading the run encodes its text columns alike). */
  encoding?: ColumnEncoding[];
}

/** Independent random streams derived from the one seed. */
const SPLIT_STREAM = 1;
const GENERATE_STREAM = 2;
const FOLD_STREAM = 3;

type DataFunction = () => DataSplits | Promise<DataSplits>;

function describe(spec: DataSpec): string {
  if (spec.kind === 'builtin') return `datasets.${spec.name}`;
  if (spec.kind === 'csv') return `datasets.csv('${spec.path}')`;
  if (spec.kind === 'images') return `datasets.images('${spec.path}')`;
  return 'the data function';
}

function checkOptions(options: unknown, what: string): DatasetOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new DataError(`${what}: options must be an object, got ${JSON.stringify(options)}`);
  const o = options as DatasetOptions;
  for (const key of ['normalize', 'normalizeTargets', 'oneHot'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new DataError(`${what}: ${key} must be true or false, got ${JSON.stringify(o[key])}`);
  }
  if (o.seed !== undefined && (typeof o.seed !== 'number' || !Number.isFinite(o.seed))) throw new DataError(`${what}: seed must be a number, got ${JSON.stringify(o.seed)}`);
  return o;
}

/**
 * Per-column mean and std of the train split's features (`x`) or targets (`y`) (std below 1e-8 becomes 1),
 * applied to every split in place (drawn splits are always writable copies). One pass of shifted sums
 * (shifted by row 0, which keeps the variance exact for columns with a large mean), then one pass to apply.
 */
function standardize(splits: Splits, width: number, part: 'x' | 'y' = 'x'): { mean: number[]; std: number[] } {
  const { train } = splits;
  const n = train.count;
  const values = train[part];
  const shift = Float64Array.from(values.subarray(0, width));
  const sum = new Float64Array(width);
  const sq = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    const base = i * width;
    for (let j = 0; j < width; j++) {
      const d = values[base + j] - shift[j];
      sum[j] += d;
      sq[j] += d * d;
    }
  }
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  const inv = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    const m = sum[j] / n;
    mean[j] = shift[j] + m;
    const s = Math.sqrt(Math.max(0, sq[j] / n - m * m));
    std[j] = s < 1e-8 ? 1 : s;
    inv[j] = 1 / std[j];
  }
  for (const split of [splits.train, splits.validation, splits.test]) {
    if (!split) continue;
    const x = split[part];
    for (let i = 0; i < split.count; i++) {
      const base = i * width;
      for (let j = 0; j < width; j++) x[base + j] = (x[base + j] - mean[j]) * inv[j];
    }
  }
  return { mean: Array.from(mean), std: Array.from(std) };
}

/** One-hot unless the loss wants class indices (sparse) or a single 0/1 column (binary); `explicit` wins. */
export function wantsOneHot(numClasses: number, explicit: boolean | undefined, lossName: string | undefined): boolean {
  if (explicit !== undefined) return explicit;
  if (lossName === 'sparseCategoricalCrossentropy') return false;
  if (lossName === 'binaryCrossentropy' && numClasses === 2) return false;
  return true;
}

function oneHotRows(split: ArraySplit, numClasses: number): ArraySplit {
  const y = new Float32Array(split.count * numClasses);
  for (let i = 0; i < split.count; i++) {
    const c = split.y[i];
    if (!(c >= 0 && c < numClasses)) throw new DataError(`Class index ${c} in row ${i} is outside 0..${numClasses - 1}`);
    y[i * numClasses + c] = 1;
  }
  return { ...split, y };
}

async function loadSource(spec: DataSpec, seed: number, ctx: DataContext): Promise<{ info: DatasetInfo; source: SplitSource }> {
  switch (spec.kind) {
    case 'builtin': {
      const raw = loadBuiltinDataset(spec.name, spec.options ?? {}, deriveSeed(seed, GENERATE_STREAM));
      return { info: raw, source: { train: raw, alwaysShuffle: true, owned: false } };
    }
    case 'csv': {
      const file = spec.resolvedPath ?? path.resolve(spec.path);
      const raw = loadCsvDataset(file, spec.options ?? {}, { lossName: ctx.lossName, encoding: ctx.encoding });
      return { info: raw, source: { train: raw, alwaysShuffle: true, owned: true } };
    }
    case 'images': {
      const raw = loadImageFolder(spec.resolvedPath ?? path.resolve(spec.path), spec.options ?? {});
      return { info: raw, source: { train: raw, alwaysShuffle: true, owned: true } };
    }
    case 'function': {
      const data = await loadFunctionData(spec.fn, ctx.lossName);
      return { info: data.info, source: { train: data.train, validation: data.validation, test: data.test, alwaysShuffle: false, owned: true } };
    }
    default:
      throw new DataError(`Unknown data kind '${String((spec as { kind?: unknown }).kind)}': use datasets.*(), datasets.csv(path) or a function`);
  }
}

/**
 * Cross-validation's splits: the test split exactly as without folds (same seeded draw), the other rows
 * (train plus validation, drawn or given) pooled and dealt into folds by the seed; fold `index`
 * validates, the rest train, cut to `limit`. Same seed, same folds in every fold's run.
 */
function foldSplits(source: SplitSource, sizes: { x: number; y: number }, plan: SplitPlan, rng: Rng, fold: FoldRequest, info: DatasetInfo, seed: number): Splits {
  const drawn = drawSplits(source, sizes, { ...plan, validationSplit: 0, limit: undefined }, rng);
  const pool = poolRows(drawn.train, drawn.validation);
  const classification = info.task === 'classification';
  if (fold.stratified === true && !classification) {
    throw new FoldError('crossValidation.stratified needs class labels, but this is a regression dataset: remove stratified or set it to false');
  }
  const classes = (fold.stratified ?? classification) ? classOfRows(pool.y, pool.count, sizes.y) : undefined;
  checkFoldRequest(fold, pool.count, classes, (c) => (info.classNames?.[c] !== undefined ? `'${info.classNames[c]}' (${c})` : String(c)));
  const foldOf = assignFolds(pool.count, fold.folds, createRng(deriveSeed(seed, FOLD_STREAM)), classes);
  return { test: drawn.test, ...splitFold(pool, sizes, foldOf, fold.index, plan.limit) };
}

/** A dataset loaded and split, before its features are standardized and its targets encoded. */
export interface LoadedData {
  spec: DataSpec;
  what: string;
  options: DatasetOptions;
  info: DatasetInfo;
  splits: Splits;
  lossName?: string;
}

/**
 * Loads and splits a dataset (seeded); `finishData` then standardizes and encodes it. Two steps, because how
 * the features are prepared depends on the model (ids feeding an Embedding are never standardized), and the
 * model function receives the data's description. A bare function is taken as `fromFunction(fn)`. Function
 * data keeps its row order unless validation or test rows have to be drawn from it.
 */
export async function loadData(spec: DataSpec | DataFunction, ctx: DataContext): Promise<LoadedData> {
  if (typeof spec === 'function') spec = { kind: 'function', fn: spec, options: {} };
  if (typeof spec !== 'object' || spec === null || !('kind' in spec)) {
    throw new DataError('data must be a dataset (datasets.digits(), datasets.csv(path), ...) or a function returning { train, validation?, test? }');
  }
  const what = describe(spec);
  const options = checkOptions(spec.options, what);
  const seed = options.seed ?? ctx.seed;
  const plan = readSplitPlan(options, what);
  const { info, source } = await loadSource(spec, seed, ctx);
  const sizes = { x: sizeOf(info.featureShape), y: sizeOf(info.targetShape) };
  const rng = createRng(deriveSeed(seed, SPLIT_STREAM));
  // Folds are dealt before standardizing, so each fold's statistics come from its own train rows.
  const splits = ctx.fold ? foldSplits(source, sizes, plan, rng, ctx.fold, info, seed) : drawSplits(source, sizes, plan, rng);
  return { spec, what, options, info, splits, lossName: ctx.lossName };
}

/** How the data looks to a model: what `model(params, data)` receives (from loaded or prepared data alike). */
export function describeData(data: LoadedData | PreparedData): DataDescription {
  const info = 'info' in data ? data.info : data;
  const splits = 'info' in data ? data.splits : data;
  // Prepared classification targets may be one-hot: the raw target shape is the class index's.
  const targetShape = 'info' in data ? data.info.targetShape : data.oneHot ? [1] : data.targetShape;
  return {
    inputShape: info.featureShape.slice(),
    task: info.task,
    ...(info.task === 'classification' ? { numClasses: info.numClasses ?? 2 } : { outputShape: targetShape.slice() }),
    ...(info.classNames ? { classNames: info.classNames.slice() } : {}),
    ...(info.featureNames ? { featureNames: info.featureNames.slice() } : {}),
    samples: { train: splits.train.count, validation: splits.validation?.count ?? 0, test: splits.test?.count ?? 0 },
  };
}

export interface FinishOptions {
  /** The features are ids for this Embedding: never standardized, whatever `normalize` says. */
  featuresAreIds?: { layer: string; inputDim: number };
}

/** Standardizes (training-split statistics) and encodes a loaded dataset. Mutates its splits: call once. */
export function finishData(loaded: LoadedData, finish: FinishOptions = {}): PreparedData {
  const { spec, what, options, info, splits } = loaded;
  const xSize = sizeOf(info.featureShape);
  const classification = info.task === 'classification';
  const normalization = options.normalize === false || finish.featuresAreIds ? undefined : standardize(splits, xSize);
  const numClasses = classification ? info.numClasses ?? 2 : undefined;
  const oneHot = classification && wantsOneHot(numClasses!, options.oneHot, loaded.lossName);
  const encode = (s: ArraySplit | undefined) => (s && oneHot ? oneHotRows(s, numClasses!) : s);
  if (options.normalizeTargets && classification) throw new DataError(`${what}: normalizeTargets applies to regression targets only`);
  const targetNormalization = options.normalizeTargets ? standardize(splits, sizeOf(info.targetShape), 'y') : undefined;
  return {
    name: spec.kind === 'builtin' ? spec.name : spec.kind === 'csv' ? `csv:${spec.path}` : spec.kind === 'images' ? `images:${spec.path}` : 'function',
    task: info.task,
    featureShape: info.featureShape.slice(),
    targetShape: oneHot ? [numClasses!] : info.targetShape.slice(),
    numClasses,
    oneHot,
    featureNames: info.featureNames,
    classNames: info.classNames,
    train: encode(splits.train)!,
    validation: encode(splits.validation),
    test: encode(splits.test),
    normalization,
    targetNormalization,
    ...(finish.featuresAreIds ? { featuresAreIds: finish.featuresAreIds } : {}),
    ...(info.encoding ? { encoding: info.encoding } : {}),
  };
}

/** Loads, splits, normalizes and encodes a dataset in one go (when no model decides how). */
export async function resolveData(spec: DataSpec | DataFunction, ctx: DataContext & FinishOptions): Promise<PreparedData> {
  return finishData(await loadData(spec, ctx), ctx);
}
