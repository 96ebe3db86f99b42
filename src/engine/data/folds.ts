// K-fold cross-validation: which fold each non-test row validates in, drawn from the seed alone, so the
// K runs of one cross-validation (each its own process) agree and their validation folds partition
// the rows exactly.
import { DataError } from './raw';
import { permutation, shuffleInPlace, type Rng } from './rng';
import type { ArraySplit } from './types';

/** Bad fold settings: reported at the experiment (not inside the data function that the rows came from). */
export class FoldError extends DataError {
  override name = 'FoldError';
}

export interface FoldRequest {
  index: number;
  folds: number;
  stratified?: boolean;
}

/** A row's class: the value itself for class indices, the position of the largest value for one-hot rows. */
export function classOfRows(y: Float32Array, count: number, width: number): Int32Array {
  const classes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (width === 1) {
      classes[i] = y[i];
      continue;
    }
    let best = 0;
    for (let j = 1; j < width; j++) if (y[i * width + j] > y[i * width + best]) best = j;
    classes[i] = best;
  }
  return classes;
}

/**
 * The fold (0..folds-1) of each of `count` rows. Plain: a seeded shuffle dealt round-robin. Stratified:
 * rows grouped by class (in class order), each class shuffled, the whole sequence dealt round-robin, so
 * every fold holds each class's share ±1 row and fold sizes differ by at most one.
 */
export function assignFolds(count: number, folds: number, rng: Rng, classes?: Int32Array): Uint8Array | Uint16Array | Uint32Array {
  const foldOf = folds <= 0xff ? new Uint8Array(count) : folds <= 0xffff ? new Uint16Array(count) : new Uint32Array(count);
  if (!classes) {
    const order = permutation(count, rng);
    for (let i = 0; i < count; i++) foldOf[order[i]] = i % folds;
    return foldOf;
  }
  const byClass = new Map<number, number[]>();
  for (let row = 0; row < count; row++) {
    const rows = byClass.get(classes[row]);
    if (rows) rows.push(row);
    else byClass.set(classes[row], [row]);
  }
  let dealt = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of shuffleInPlace(byClass.get(c)!, rng)) foldOf[row] = dealt++ % folds;
  }
  return foldOf;
}

/** Checks the request against the pooled rows; `className` names a class index in messages. */
export function checkFoldRequest(fold: FoldRequest, rows: number, classes: Int32Array | undefined, className: (c: number) => string): void {
  const { folds, index } = fold;
  if (!Number.isInteger(folds) || folds < 2) throw new FoldError(`crossValidation.folds must be a whole number ≥ 2, got ${JSON.stringify(folds)}`);
  if (folds > rows) throw new FoldError(`crossValidation.folds is ${folds} but only ${rows} rows are left for training and validation: use at most ${rows} folds`);
  if (!Number.isInteger(index) || index < 0 || index >= folds) throw new FoldError(`fold index must be a whole number from 0 to ${folds - 1}, got ${JSON.stringify(index)}`);
  if (!classes) return;
  const counts = new Map<number, number>();
  for (const c of classes) counts.set(c, (counts.get(c) ?? 0) + 1);
  const small = [...counts].filter(([, n]) => n < folds).sort((a, b) => a[0] - b[0]);
  if (small.length > 0) {
    const list = small.map(([c, n]) => `class ${className(c)} has ${n} row${n === 1 ? '' : 's'}`).join(', ');
    const fewest = Math.min(...small.map(([, n]) => n));
    throw new FoldError(`Stratified ${folds}-fold cross-validation needs every class in every fold, but ${list} (of ${rows} non-test rows): use at most ${Math.max(2, fewest)} folds, or stratified: false`);
  }
}

/** Copies the rows where `keep(row)` holds, in order, at most `limit` of them. */
function pick(src: ArraySplit, xSize: number, ySize: number, keep: (row: number) => boolean, limit = Infinity): ArraySplit {
  const rows: number[] = [];
  for (let r = 0; r < src.count && rows.length < limit; r++) if (keep(r)) rows.push(r);
  const x = new Float32Array(rows.length * xSize);
  const y = new Float32Array(rows.length * ySize);
  rows.forEach((r, i) => {
    x.set(src.x.subarray(r * xSize, (r + 1) * xSize), i * xSize);
    y.set(src.y.subarray(r * ySize, (r + 1) * ySize), i * ySize);
  });
  return { x, y, count: rows.length };
}

/**
 * Fold `index` of the pooled rows becomes validation, the others train (in pool order, cut to `limit`
 * rows: `limit` caps what each fold trains on, as it caps the train split without cross-validation).
 */
export function splitFold(pool: ArraySplit, sizes: { x: number; y: number }, foldOf: ArrayLike<number>, index: number, limit?: number): { train: ArraySplit; validation: ArraySplit } {
  return {
    train: pick(pool, sizes.x, sizes.y, (r) => foldOf[r] !== index, limit),
    validation: pick(pool, sizes.x, sizes.y, (r) => foldOf[r] === index),
  };
}

/** The train and validation rows as one table (train first): the rows cross-validation deals into folds. */
export function poolRows(train: ArraySplit, validation: ArraySplit | undefined): ArraySplit {
  if (!validation || validation.count === 0) return train;
  const x = new Float32Array(train.x.length + validation.x.length);
  x.set(train.x);
  x.set(validation.x, train.x.length);
  const y = new Float32Array(train.y.length + validation.y.length);
  y.set(train.y);
  y.set(validation.y, train.y.length);
  return { x, y, count: train.count + validation.count };
}
