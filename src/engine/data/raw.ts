// What every data source (built-in, synthetic, CSV, user function) produces before splitting and
// normalization, and the error type of the data module.
import type { Task } from '../../sdk/types';
import type { ArraySplit, ColumnEncoding } from './types';

export type { ColumnEncoding };

/** A readable problem with the data or its options (bad value, unknown column, wrong shape...). */
export class DataError extends Error {
  override name = 'DataError';
}

/** Facts about a dataset that do not depend on how it is split. */
export interface DatasetInfo {
  task: Task;
  /** Shape of one sample's features. */
  featureShape: number[];
  /**
   * Shape of one raw target: [1] holding a class index for classification (encoded later, once the
   * loss is known), or the regression value shape.
   */
  targetShape: number[];
  numClasses?: number;
  featureNames?: string[];
  classNames?: string[];
  /** How a CSV's columns became features (text columns' categories): recorded on the run, reused to reload it. */
  encoding?: ColumnEncoding[];
}

/** All rows of a dataset in one table. Shared (cached) tables: callers must copy before mutating. */
export interface RawDataset extends DatasetInfo, ArraySplit {}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks a user-given per-sample `shape` against the number of features it must hold. */
export function checkFeatureShape(shape: unknown, featureCount: number, what: string): number[] {
  if (shape === undefined) return [featureCount];
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new DataError(`${what}: shape must be a list of positive whole numbers such as [8, 8, 1], got ${JSON.stringify(shape)}`);
  }
  if (sizeOf(shape) !== featureCount) {
    throw new DataError(`${what}: shape ${formatShape(shape)} holds ${sizeOf(shape)} values but each sample has ${featureCount} features`);
  }
  return shape.slice();
}

/** Which task the loss implies: the best hint we have about ambiguous targets. */
export function taskFromLoss(lossName: string | undefined): Task | undefined {
  if (!lossName) return undefined;
  if (/crossentropy/i.test(lossName)) return 'classification';
  if (/^(meanSquaredError|meanAbsoluteError|huber|mse|mae|meanSquaredLogarithmicError|logCosh)$/i.test(lossName)) return 'regression';
  return undefined;
}
