// Losses with Keras semantics (names, clipping epsilon, reductions): a per-sample loss, averaged over the batch.
import * as tf from '@tensorflow/tfjs';
import { regularizationLosses as modelRegularizationLosses } from '../backend/tfjsInternals';
import type { LossName } from '../../sdk/types';
import { fusedCategoricalCrossentropy } from '../backend/fused/crossEntropy';
import { fusedPathActive } from '../backend/fused/index';

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Keras' backend epsilon: probabilities are clipped to [ε, 1−ε] before the log. */
export const EPSILON = 1e-7;

export const LOSS_NAMES: LossName[] = [
  'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError', 'meanAbsoluteError', 'huber',
];

const CLASSIFICATION_LOSSES: LossName[] = ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy'];

export function isClassificationLoss(name: LossName | string): boolean {
  return (CLASSIFICATION_LOSSES as string[]).includes(name);
}

/**
 * Keras' squeeze_or_expand_to_same_rank: labels [n] against predictions [n, 1] (or the reverse) get a trailing
 * axis, instead of broadcasting to [n, n] and silently computing the wrong loss.
 */
export function matchRank(yTrue: tf.Tensor, yPred: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (yTrue.rank === yPred.rank + 1 && yTrue.shape[yTrue.rank - 1] === 1) return [yTrue, tf.expandDims(yPred, -1)];
  if (yPred.rank === yTrue.rank + 1 && yPred.shape[yPred.rank - 1] === 1) return [tf.expandDims(yTrue, -1), yPred];
  return [yTrue, yPred];
}

/**
 * −Σ y·log p per sample. As Keras, p is first rescaled to sum to 1, then clipped. One op on wasm/cpu
 * (fused/crossEntropy.ts); tfjs' kernels elsewhere.
 */
const categorical: LossFn = (y, p) =>
  tf.tidy(() => {
    if (fusedPathActive() && y.dtype === 'float32' && p.dtype === 'float32' && y.shape.length === p.shape.length && y.shape.every((d, i) => d === p.shape[i]) && p.size > 0) {
      return fusedCategoricalCrossentropy(y, p, EPSILON);
    }
    const normalized = tf.div(p, tf.sum(p, -1, true));
    const logP = tf.log(tf.clipByValue(normalized, EPSILON, 1 - EPSILON));
    return tf.mean(tf.neg(tf.sum(tf.mul(y, logP), -1)));
  });

/** Integer labels of shape [n] or [n, 1] against probabilities [n, classes]. */
const sparseCategorical: LossFn = (y, p) =>
  tf.tidy(() => {
    const classes = p.shape[p.rank - 1] as number;
    const labels = tf.cast(tf.reshape(y, [-1]), 'int32');
    // float32 one-hot rows, as the one-op categorical path takes (tf.oneHot gives int32).
    return categorical(tf.reshape(tf.cast(tf.oneHot(labels, classes), 'float32'), p.shape), p);
  });

/** −(y·log p + (1−y)·log(1−p)), averaged over the last axis (several independent outputs). */
const binary: LossFn = (yTrue, yPred) =>
  tf.tidy(() => {
    const [y, p] = matchRank(yTrue, yPred);
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    const perElement = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
    return tf.mean(tf.mean(perElement, -1));
  });

/** A regression loss: `perElement` of the error p − y, averaged over the last axis, then over the batch. */
function regression(perElement: (error: tf.Tensor) => tf.Tensor): LossFn {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const [y, p] = matchRank(yTrue, yPred);
      return tf.mean(tf.mean(perElement(tf.sub(p, y)), -1));
    });
}

const HUBER_DELTA = 1;

const LOSSES: Record<LossName, LossFn> = {
  categoricalCrossentropy: categorical,
  sparseCategoricalCrossentropy: sparseCategorical,
  binaryCrossentropy: binary,
  meanSquaredError: regression(tf.square),
  meanAbsoluteError: regression(tf.abs),
  // ½e² for |e| ≤ δ, δ·(|e| − ½δ) above: quadratic part plus linear part.
  huber: regression((e) => {
    const err = tf.abs(e);
    const quadratic = tf.minimum(err, HUBER_DELTA);
    return tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(HUBER_DELTA, tf.sub(err, quadratic)));
  }),
};

export function lossFunction(name: LossName): LossFn {
  const fn = Object.prototype.hasOwnProperty.call(LOSSES, name) ? LOSSES[name] : undefined;
  if (!fn) throw new Error(`Unknown loss '${String(name)}'. Use one of: ${LOSS_NAMES.join(', ')}`);
  return fn;
}

/** Model-level regularization penalties (kernelRegularizer etc.), which model.fit adds to the loss. */
export function regularizationLosses(model: tf.LayersModel): tf.Scalar[] {
  return modelRegularizationLosses(model);
}
