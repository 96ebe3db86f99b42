// Metrics, averaged over the batch like the losses. `accuracy` adapts to the loss as in Keras.
import * as tf from '@tensorflow/tfjs';
import type { LossName, MetricName } from '../../sdk/types';
import { isClassificationLoss, LOSS_NAMES, matchRank } from './losses';

export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

export const METRIC_NAMES: MetricName[] = ['accuracy', 'mse', 'mae'];

/** One-hot labels: the predicted class is the most probable one. */
const categoricalAccuracy: MetricFn = (y, p) => tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(y, -1), tf.argMax(p, -1)), 'float32')));

/** Integer labels of shape [n] or [n, 1]. */
const sparseAccuracy: MetricFn = (y, p) =>
  tf.tidy(() => {
    const predicted = tf.argMax(p, -1);
    const labels = tf.cast(tf.reshape(y, predicted.shape), 'int32');
    return tf.mean(tf.cast(tf.equal(labels, predicted), 'float32'));
  });

/** Each output is its own yes/no: p > 0.5 means 1 (Keras' threshold). */
const binaryAccuracy: MetricFn = (yTrue, yPred) =>
  tf.tidy(() => {
    const [y, p] = matchRank(yTrue, yPred);
    return tf.mean(tf.cast(tf.equal(y, tf.cast(tf.greater(p, 0.5), y.dtype)), 'float32'));
  });

function meanOf(perElement: (error: tf.Tensor) => tf.Tensor): MetricFn {
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const [y, p] = matchRank(yTrue, yPred);
      return tf.mean(perElement(tf.sub(p, y)));
    });
}

const mse = meanOf(tf.square);
const mae = meanOf(tf.abs);

/** Throws for an unknown metric, an unknown loss, or accuracy with a regression loss. */
export function metricFunction(name: MetricName, lossName: LossName): MetricFn {
  switch (name) {
    case 'accuracy':
      if (!LOSS_NAMES.includes(lossName)) throw new Error(`Unknown loss '${String(lossName)}'. Use one of: ${LOSS_NAMES.join(', ')}`);
      if (!isClassificationLoss(lossName)) {
        throw new Error(`accuracy needs a classification loss (categoricalCrossentropy, sparseCategoricalCrossentropy or binaryCrossentropy); '${lossName}' is a regression loss: use 'mae' or 'mse'`);
      }
      if (lossName === 'sparseCategoricalCrossentropy') return sparseAccuracy;
      if (lossName === 'binaryCrossentropy') return binaryAccuracy;
      return categoricalAccuracy;
    case 'mse':
      return mse;
    case 'mae':
      return mae;
    default:
      throw new Error(`Unknown metric '${String(name)}'. Use any of: ${METRIC_NAMES.join(', ')}`);
  }
}
