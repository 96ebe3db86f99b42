// Losses with Keras semantics (names, clipping epsilon, reductions): mean over the batch.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../sdk/types';

export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Keras' backend epsilon: probabilities are clipped to [ε, 1−ε] before the log. */
export const EPSILON = 1e-7;

export const LOSS_NAMES: LossName[] = ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError', 'meanAbsoluteError', 'huber'];

export function isClassificationLoss(name: string): boolean {
  return /Crossentropy$/.test(name);
}

const categorical: LossFn = (y, p) =>
  tf.tidy(() => tf.mean(tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, EPSILON, 1 - EPSILON))), -1))));

/** Integer labels of shape [n] or [n, 1] against probabilities [n, classes]. */
const sparseCategorical: LossFn = (y, p) =>
  tf.tidy(() => {
    const classes = p.shape[p.shape.length - 1] as number;
    const labels = tf.cast(tf.reshape(y, [-1]), 'int32');
    return categorical(tf.oneHot(labels, classes).reshape(p.shape), p);
  });

const binary: LossFn = (y, p) =>
  tf.tidy(() => {
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    const perElement = tf.neg(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q)))));
    return tf.mean(tf.mean(perElement, -1));
  });

const mse: LossFn = (y, p) => tf.tidy(() => tf.mean(tf.mean(tf.square(tf.sub(p, y)), -1)));
const mae: LossFn = (y, p) => tf.tidy(() => tf.mean(tf.mean(tf.abs(tf.sub(p, y)), -1)));

/** Huber with δ = 1: quadratic below δ, linear above. */
const huber: LossFn = (y, p) =>
  tf.tidy(() => {
    const delta = 1;
    const err = tf.abs(tf.sub(p, y));
    const quadratic = tf.minimum(err, delta);
    const linear = tf.sub(err, quadratic);
    return tf.mean(tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, linear)), -1));
  });

const LOSSES: Record<LossName, LossFn> = {
  categoricalCrossentropy: categorical,
  sparseCategoricalCrossentropy: sparseCategorical,
  binaryCrossentropy: binary,
  meanSquaredError: mse,
  meanAbsoluteError: mae,
  huber,
};

export function lossFunction(name: LossName): LossFn {
  const fn = LOSSES[name];
  if (!fn) throw new Error(`Unknown loss '${String(name)}'. Use one of: ${LOSS_NAMES.join(', ')}`);
  return fn;
}
