// Metrics, per sample (the loop averages them). `accuracy` adapts to the loss as in Keras.
import * as tf from '@tensorflow/tfjs';
import type { LossName, MetricName } from '../../sdk/types';
import { isClassificationLoss } from './losses';

export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export const METRIC_NAMES: MetricName[] = ['accuracy', 'mse', 'mae'];

const categoricalAccuracy: MetricFn = (y, p) => tf.tidy(() => tf.cast(tf.equal(tf.argMax(y, -1), tf.argMax(p, -1)), 'float32'));
const sparseAccuracy: MetricFn = (y, p) => tf.tidy(() => tf.cast(tf.equal(tf.cast(tf.reshape(y, [-1]), 'int32'), tf.argMax(p, -1)), 'float32'));
const binaryAccuracy: MetricFn = (y, p) => tf.tidy(() => tf.mean(tf.cast(tf.equal(y, tf.cast(tf.greater(p, 0.5), 'float32')), 'float32'), -1));
const mse: MetricFn = (y, p) => tf.tidy(() => tf.mean(tf.square(tf.sub(p, y)), -1));
const mae: MetricFn = (y, p) => tf.tidy(() => tf.mean(tf.abs(tf.sub(p, y)), -1));

export function metricFunction(name: MetricName, lossName: LossName): MetricFn {
  switch (name) {
    case 'accuracy':
      if (!isClassificationLoss(lossName)) throw new Error(`'accuracy' needs a classification loss; '${lossName}' is a regression loss. Use 'mae' or 'mse'.`);
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
