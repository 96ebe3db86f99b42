// The engine's in-memory form of a dataset, after splitting and normalization.
import type { Task } from '../../sdk/types';

/** Row-major samples: `x` holds `count` samples of `featureShape`, `y` holds `count` targets of `targetShape`. */
export interface ArraySplit {
  x: Float32Array;
  y: Float32Array;
  count: number;
}

export interface PreparedData {
  /** Display name, e.g. 'digits', 'csv:data/houses.csv', 'function'. */
  name: string;
  task: Task;
  /** Shape of one sample's features, e.g. [64] or [8, 8, 1]. */
  featureShape: number[];
  /** Shape of one sample's target, e.g. [10] (one-hot), [1] (class index or regression). */
  targetShape: number[];
  /** Number of classes for classification, else undefined. */
  numClasses?: number;
  /** Whether classification targets are one-hot vectors (else class indices in [1]). */
  oneHot: boolean;
  featureNames?: string[];
  classNames?: string[];
  train: ArraySplit;
  validation?: ArraySplit;
  test?: ArraySplit;
  /** Standardization applied to the features (train statistics), if any. */
  normalization?: { mean: number[]; std: number[] };
  /** Standardization applied to regression targets (`normalizeTargets`), if any. */
  targetNormalization?: { mean: number[]; std: number[] };
  /** The features are ids feeding this Embedding: kept as they are (never standardized, not judged as scales). */
  featuresAreIds?: { layer: string; inputDim: number };
  /** How a CSV's columns became features (text columns' categories), when any column is not plain numbers. */
  encoding?: ColumnEncoding[];
}

/** One CSV column as features: a number, a one-hot block or a category index, or left out. */
export interface ColumnEncoding {
  column: string;
  kind: 'number' | 'onehot' | 'index' | 'ignore';
  /** Text columns: the categories in the order they are encoded. */
  categories?: string[];
}
