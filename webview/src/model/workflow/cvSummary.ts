// A cross-validation's folds as table rows (one per fold, finished or still training), the metric
// columns, and the mean ± sample standard deviation over the completed folds. Pure: no DOM.
import type { Metrics, RunStatus } from '../../../../src/protocol/events';
import type { CrossValidationRecord } from '../../../../src/protocol/groupRecord';
import type { MemberRunState } from '../../../../src/protocol/workflow';
import { formatMetric, formatNumber } from '../format';
import { isFraction } from '../metrics';
import { finite } from '../series';

export interface FoldRow {
  /** Fold number, 0-based. */
  fold: number;
  runId?: string;
  status: RunStatus | 'pending';
  metrics: Metrics;
  epochsCompleted?: number;
  epochs?: number;
}

/** One row per fold. Finished folds take the group record's metrics; folds still training their run's live state. */
export function foldRows(record: CrossValidationRecord, runs: readonly MemberRunState[]): FoldRow[] {
  const members = new Map(record.members.map((m) => [m.index, m]));
  const memberRunIds = new Set(record.members.map((m) => m.runId));
  const live = new Map(runs.map((r) => [r.runId, r]));
  const placed = new Map(runs.filter((r) => !memberRunIds.has(r.runId) && r.index !== undefined).map((r) => [r.index!, r]));
  // Folds start in order, so a live run without an index is one of the lowest unfinished folds.
  const unplaced = runs.filter((r) => !memberRunIds.has(r.runId) && r.index === undefined);
  const count = Math.max(record.folds, ...record.members.map((m) => m.index + 1));
  const rows: FoldRow[] = [];
  for (let fold = 0; fold < count; fold++) {
    const member = members.get(fold);
    let run = member ? live.get(member.runId) : placed.get(fold);
    if (!member && !run && unplaced.length) run = unplaced.shift();
    rows.push({
      fold,
      runId: member?.runId ?? run?.runId,
      status: member?.status ?? run?.status ?? 'pending',
      metrics: member?.metrics ?? run?.bestMetrics ?? run?.metrics ?? {},
      epochsCompleted: run?.epochsCompleted,
      epochs: run?.epochs,
    });
  }
  return rows;
}

/** The validation metrics any fold has (all metrics when none has validation ones), val_loss first. */
export function foldMetricNames(rows: readonly FoldRow[]): string[] {
  const seen: string[] = [];
  for (const r of rows) for (const k of Object.keys(r.metrics)) if (!seen.includes(k)) seen.push(k);
  const validation = seen.filter((k) => k.startsWith('val_'));
  const names = validation.length ? validation : seen;
  return names.sort((a, b) => Number(b.endsWith('loss')) - Number(a.endsWith('loss')));
}

/** The metric the per-fold chart shows by default: an accuracy-like validation metric, else the validation loss. */
export function mainFoldMetric(names: readonly string[]): string | undefined {
  return names.find((k) => isFraction(k)) ?? names.find((k) => k.endsWith('loss')) ?? names[0];
}

export interface MeanStd {
  mean?: number;
  /** Sample standard deviation (n − 1); undefined with fewer than two folds. */
  std?: number;
  n: number;
}

/** Mean and sample standard deviation of a metric over the completed folds with a finite value. */
export function meanStd(rows: readonly FoldRow[], metric: string): MeanStd {
  const values = rows.filter((r) => r.status === 'completed').map((r) => r.metrics[metric]).filter(finite);
  const n = values.length;
  if (n === 0) return { n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, n };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance), n };
}

/** "97.2% ± 1.3%" for fractions, "0.1234 ± 0.0056" otherwise; just the mean with one fold; "–" with none. */
export function formatMeanStd(metric: string, { mean, std }: MeanStd): string {
  if (mean === undefined) return '–';
  if (std === undefined) return formatMetric(metric, mean);
  if (isFraction(metric) && mean >= 0 && mean <= 1) return `${(mean * 100).toFixed(1)}% ± ${(std * 100).toFixed(1)}%`;
  return `${formatNumber(mean)} ± ${formatNumber(std, 2)}`;
}
