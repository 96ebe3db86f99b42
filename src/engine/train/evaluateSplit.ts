// Loss and metrics of a model over a whole split, inference mode, averaged per sample: the validation
// metrics of every epoch and the one-time test-set evaluation use this same computation.
import * as tf from '@tensorflow/tfjs';
import type { ArraySplit, PreparedData } from '../data/types';
import type { Metrics } from '../../protocol/events';
import { gatherBatch } from './batches';
import type { TensorFn } from './setup';

/** Large batches: evaluation keeps no activations for a backward pass. */
export const EVALUATION_BATCH = 512;

export interface SplitEvaluator {
  loss: TensorFn;
  metrics: TensorFn[];
  metricNames: string[];
}

export async function evaluateSplit(model: tf.LayersModel, data: PreparedData, split: ArraySplit, fns: SplitEvaluator, batchSize: number, prefix: string): Promise<Metrics> {
  let totals = tf.zeros([1 + fns.metrics.length]);
  for (let start = 0; start < split.count; start += batchSize) {
    const end = Math.min(split.count, start + batchSize);
    const batch = gatherBatch(split, data, null, start, end);
    const next = tf.tidy(() => {
      const pred = model.apply(batch.x, { training: false }) as tf.Tensor;
      const parts = [fns.loss(batch.y, pred), ...fns.metrics.map((m) => tf.mean(m(batch.y, pred)))];
      return tf.add(totals, tf.mul(tf.stack(parts), end - start));
    });
    tf.dispose([batch.x, batch.y, totals]);
    totals = next;
  }
  const sums = await totals.data();
  totals.dispose();
  const values = Array.from(sums, (s) => s / split.count);
  const out: Metrics = { [`${prefix}loss`]: values[0] };
  fns.metricNames.forEach((name, i) => (out[`${prefix}${name}`] = values[i + 1]));
  return out;
}
