// Which metric a sweep compares trials by, which way is better, and which trial won.
import type { Metrics, RunFinishedEvent, RunStatus } from '../../protocol/events';
import { judgedMetrics } from '../../protocol/runRecord';
import { isHigherBetter } from '../../protocol/metrics';

export type Goal = 'minimize' | 'maximize';

/** The validation loss when there is validation data, else the training loss. */
export function defaultMetric(hasValidation: boolean): string {
  return hasValidation ? 'val_loss' : 'loss';
}

/** Maximize where higher is better (accuracy-like metrics, see isHigherBetter); minimize the rest. */
export function defaultGoal(metric: string): Goal {
  return isHigherBetter(metric) ? 'maximize' : 'minimize';
}

/** The metrics a trial is judged by: its best epoch's where it had one (validation), else its last epoch's. */
export const trialMetrics: (finished: Pick<RunFinishedEvent, 'metrics' | 'bestMetrics'>) => Metrics = judgedMetrics;

/**
 * Index of the best trial: among those that completed with a finite `metric`, the lowest (minimize) or
 * highest (maximize); the earlier trial on ties. Undefined when no trial qualifies.
 */
export function pickBest(trials: { status: RunStatus; metrics: Metrics }[], metric: string, goal: Goal): number | undefined {
  let best: number | undefined;
  trials.forEach((trial, i) => {
    const value = trial.metrics[metric];
    if (trial.status !== 'completed' || typeof value !== 'number' || !Number.isFinite(value)) return;
    const current = best === undefined ? undefined : trials[best].metrics[metric];
    if (current === undefined || (goal === 'minimize' ? value < current : value > current)) best = i;
  });
  return best;
}

/** Sorts trials best first by `metric` (those without it last, in trial order). */
export function rankTrials<T extends { metrics: Metrics }>(trials: T[], metric: string, goal: Goal): T[] {
  const value = (t: T) => {
    const v = t.metrics[metric];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  return trials
    .map((t, i) => ({ t, i }))
    .sort((a, b) => {
      const va = value(a.t);
      const vb = value(b.t);
      if (va === undefined || vb === undefined) return va === undefined && vb === undefined ? a.i - b.i : va === undefined ? 1 : -1;
      return va === vb ? a.i - b.i : goal === 'minimize' ? va - vb : vb - va;
    })
    .map(({ t }) => t);
}
