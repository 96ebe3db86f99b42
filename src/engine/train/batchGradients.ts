// Forward and backward on one batch: the loss (with the model's regularization penalties), the metrics,
// and each trainable variable's gradient. Shared by the training loop and its data-parallel replicas,
// so both compute exactly the same thing.
import * as tf from '@tensorflow/tfjs';
import { regularizationLosses } from './losses';
import type { TrainingSetup } from './setup';

export interface BatchGradients {
  /** Mean loss over the batch plus the penalties. */
  value: tf.Scalar;
  grads: tf.NamedTensorMap;
  /** Per-sample values of each metric (kept: the caller disposes them). */
  metrics: tf.Tensor[];
}

export function batchGradients(setup: TrainingSetup, variables: tf.Variable[], batch: { x: tf.Tensor; y: tf.Tensor }): BatchGradients {
  const metrics: tf.Tensor[] = [];
  try {
    const { value, grads } = tf.variableGrads(() => {
      const pred = setup.model.apply(batch.x, { training: true }) as tf.Tensor;
      let loss = setup.loss(batch.y, pred) as tf.Scalar;
      for (const metric of setup.metrics) metrics.push(tf.keep(metric(batch.y, pred)));
      for (const penalty of regularizationLosses(setup.model)) loss = tf.add(loss, penalty);
      return loss;
    }, variables);
    return { value, grads, metrics };
  } catch (err) {
    tf.dispose(metrics);
    throw err;
  }
}

export function trainableVariables(setup: TrainingSetup): tf.Variable[] {
  return setup.model.trainableWeights.map((w) => w.read() as tf.Variable);
}
