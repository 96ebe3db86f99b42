// Small helpers the curve rules share: reading epoch/step series from a trace, causal smoothing, trends.
// Every smoother here is trailing (uses only values up to i), so a rule re-run on a longer trace reports
// the same first-detection epoch it reported earlier.
import type { EpochRecord, TrainingTrace } from '../types';
import { median } from './stats';

export { fmt, median } from './stats';

/** The epoch records in epoch order. */
export function sortedEpochs(trace: TrainingTrace): EpochRecord[] {
  return [...trace.epochs].sort((a, b) => a.epoch - b.epoch);
}

/** An epoch metric in epoch order, cut at the first missing or non-finite value (NaN is another rule's job). */
export function epochSeries(trace: TrainingTrace, metric: string): number[] {
  const records = sortedEpochs(trace);
  const values: number[] = [];
  for (const r of records) {
    const v = r.metrics[metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) break;
    values.push(v);
  }
  return values;
}

/** Per-step training losses in step order, cut at the first non-finite one. */
export function stepLosses(trace: TrainingTrace): { loss: number; globalStep: number; epoch: number }[] {
  const steps = [...trace.steps].sort((a, b) => a.globalStep - b.globalStep);
  const out: { loss: number; globalStep: number; epoch: number }[] = [];
  for (const s of steps) {
    if (s.nonFinite || !Number.isFinite(s.loss)) break;
    out.push({ loss: s.loss, globalStep: s.globalStep, epoch: s.epoch });
  }
  return out;
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Trailing median over `width` values: removes a single outlier epoch without the lag of a long average. */
export function trailingMedian(values: number[], width: number): number[] {
  return values.map((_, i) => median(values.slice(Math.max(0, i - width + 1), i + 1)));
}

/** Trailing mean over `width` values. */
export function trailingMean(values: number[], width: number): number[] {
  return values.map((_, i) => mean(values.slice(Math.max(0, i - width + 1), i + 1)));
}

/** Least-squares slope of values against their index. */
export function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const xMean = (n - 1) / 2;
  const yMean = mean(values);
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - xMean) * (y - yMean);
    den += (x - xMean) ** 2;
  });
  return num / den;
}

/** The last recorded global step of an epoch (the step a per-epoch finding is reported at). */
export function lastStepOf(trace: TrainingTrace, epoch: number): number {
  let last = -1;
  for (const s of trace.steps) if (s.epoch === epoch && s.globalStep > last) last = s.globalStep;
  return last >= 0 ? last : (epoch + 1) * Math.max(1, trace.config.stepsPerEpoch) - 1;
}

/** Planned epochs, never fewer than the epochs recorded. */
export function plannedEpochs(trace: TrainingTrace): number {
  return Math.max(trace.config.epochs, trace.epochs.length);
}

/** A fraction as a whole percentage. */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Rounds evidence numbers so findings stay readable in JSON. */
export function round(x: number, digits = 4): number {
  return Number.isFinite(x) ? Number(x.toPrecision(digits)) : x;
}
