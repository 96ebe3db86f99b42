// Seeded train / validation / test splits: one shuffle of all rows, test taken first, then validation,
// the rest is train (cut to `limit`). Same seed and options, same split.
import type { DatasetOptions } from '../../sdk/types';
import { DataError } from './raw';
import { permutation, type Rng } from './rng';
import type { ArraySplit } from './types';

export interface SplitPlan {
  validationSplit: number;
  testSplit: number;
  limit?: number;
}

export interface Splits {
  train: ArraySplit;
  validation?: ArraySplit;
  test?: ArraySplit;
}

function fraction(value: unknown, name: string, what: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new DataError(`${what}: ${name} must be a fraction from 0 to below 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validated split options; `what` names the dataset in messages. */
export function readSplitPlan(options: DatasetOptions, what: string): SplitPlan {
  const validationSplit = fraction(options.validationSplit, 'validationSplit', what);
  const testSplit = fraction(options.testSplit, 'testSplit', what);
  if (validationSplit + testSplit >= 1) {
    throw new DataError(`${what}: validationSplit (${validationSplit}) + testSplit (${testSplit}) must leave rows to train on`);
  }
  const limit = options.limit;
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    throw new DataError(`${what}: limit must be a whole number ≥ 1, got ${JSON.stringify(limit)}`);
  }
  return { validationSplit, testSplit, limit };
}

/** Rows held out for a fraction: at least one when the fraction is above 0. */
function heldOut(rows: number, f: number): number {
  return f > 0 ? Math.max(1, Math.round(rows * f)) : 0;
}

/** Copies rows order[from..to) (or from..to when `order` is null) into new arrays. */
function gather(src: ArraySplit, xSize: number, ySize: number, order: Uint32Array | null, from: number, to: number): ArraySplit {
  const count = to - from;
  if (!order) return { x: src.x.slice(from * xSize, to * xSize), y: src.y.slice(from * ySize, to * ySize), count };
  const x = new Float32Array(count * xSize);
  const y = new Float32Array(count * ySize);
  for (let i = 0; i < count; i++) {
    const row = order[from + i];
    const xs = row * xSize;
    const xd = i * xSize;
    for (let j = 0; j < xSize; j++) x[xd + j] = src.x[xs + j];
    const ys = row * ySize;
    const yd = i * ySize;
    for (let j = 0; j < ySize; j++) y[yd + j] = src.y[ys + j];
  }
  return { x, y, count };
}

export interface SplitSource extends Splits {
  /** Shuffle even when nothing is held out (tables stored in a meaningful order, such as sorted by class). */
  alwaysShuffle: boolean;
  /** The arrays may be written to (normalized in place) without copying. */
  owned: boolean;
}

/**
 * Draws the splits the source lacks from its train rows. The result never shares arrays with a
 * source that is not `owned`, so it can be normalized in place.
 */
export function drawSplits(source: SplitSource, sizes: { x: number; y: number }, plan: SplitPlan, rng: Rng): Splits {
  const n = source.train.count;
  const nTest = source.test ? 0 : heldOut(n, plan.testSplit);
  const nVal = source.validation ? 0 : heldOut(n, plan.validationSplit);
  const rest = n - nTest - nVal;
  if (rest < 1) throw new DataError(`Holding out ${nTest} test and ${nVal} validation rows leaves none of the ${n} rows to train on`);
  const nTrain = plan.limit !== undefined ? Math.min(plan.limit, rest) : rest;
  const order = source.alwaysShuffle || nTest > 0 || nVal > 0 ? permutation(n, rng) : null;
  const take = (from: number, count: number) => gather(source.train, sizes.x, sizes.y, order, from, from + count);
  return {
    test: source.test ?? (nTest > 0 ? take(0, nTest) : undefined),
    validation: source.validation ?? (nVal > 0 ? take(nTest, nVal) : undefined),
    train: source.owned && !order && nTrain === n ? source.train : take(nTest + nVal, nTrain),
  };
}
