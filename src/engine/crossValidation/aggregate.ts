// A cross-validation's summary: each fold's metrics, then their mean and spread over the folds that
// completed (failed, diverged and cancelled folds say nothing about the model's generalization).
import type { Metrics, RunFinishedEvent, RunStatus } from '../../protocol/events';
import { judgedMetrics } from '../../protocol/runRecord';

/** The metrics a fold reports: its best epoch's when it recorded one, else its final epoch's. */
export const foldMetrics: (finished: Pick<RunFinishedEvent, 'metrics' | 'bestMetrics'>) => Metrics = judgedMetrics;

/**
 * Per metric, over the completed folds that have it: the mean, and the sample standard deviation (n − 1;
 * absent while fewer than two folds have the metric, where it is undefined).
 */
export function aggregateFolds(folds: { status: RunStatus; metrics: Metrics }[]): { mean: Metrics; std: Metrics } {
  const values = new Map<string, number[]>();
  for (const fold of folds) {
    if (fold.status !== 'completed') continue;
    for (const [name, value] of Object.entries(fold.metrics)) {
      if (!Number.isFinite(value)) continue;
      const list = values.get(name);
      if (list) list.push(value);
      else values.set(name, [value]);
    }
  }
  const mean: Metrics = {};
  const std: Metrics = {};
  for (const [name, list] of values) {
    const m = list.reduce((a, b) => a + b, 0) / list.length;
    mean[name] = m;
    if (list.length >= 2) std[name] = Math.sqrt(list.reduce((a, v) => a + (v - m) * (v - m), 0) / (list.length - 1));
  }
  return { mean, std };
}
