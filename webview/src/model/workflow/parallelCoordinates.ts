// A sweep's parallel coordinates: one vertical axis per param (linear, log for logUniform, categorical
// for choice) and one for the chosen metric; one polyline per finished trial, coloured by the metric.
// Positions are fractions (0 = bottom, 1 = top) so the view only scales them to its pixels. Pure: no DOM.
import type { ParamSpec, ParamValue } from '../../../../src/sdk/params';
import { formatMetric, tickLabels } from '../format';
import { finite } from '../series';
import { formatLearningRate } from './lrCurve';
import { formatParam, type TrialRow } from './sweepTable';

export type AxisScale = 'linear' | 'log' | 'categorical';

export interface Tick {
  /** 0 (bottom) .. 1 (top). */
  at: number;
  label: string;
}

export interface Axis {
  /** Param or metric name. */
  key: string;
  kind: 'param' | 'metric';
  scale: AxisScale;
  min: number;
  max: number;
  categories: string[];
  ticks: Tick[];
}

export interface Polyline {
  index: number;
  runId?: string;
  /** One position per axis, 0..1. */
  ys: number[];
  /** 0 = worst, 1 = best of the drawn trials (by the chosen metric). */
  quality: number;
  best: boolean;
  /** "name = value" per axis, for the hover text. */
  values: string[];
}

export interface ParallelCoordinates {
  axes: Axis[];
  lines: Polyline[];
}

/**
 * The axes and lines for these trials. Only completed trials with a finite `metric` and every param
 * present are drawn. Ranges cover the declared space and every observed value.
 */
export function parallelCoordinates(space: Record<string, ParamSpec>, rows: readonly TrialRow[], metric: string, goal: 'minimize' | 'maximize'): ParallelCoordinates {
  const names = Object.keys(space);
  const drawn = rows.filter((r) => r.status === 'completed' && finite(r.metrics[metric]) && names.every((n) => r.params[n] !== undefined));
  const axes: Axis[] = names.map((n) => paramAxis(n, space[n], drawn.map((r) => r.params[n])));
  axes.push(metricAxis(metric, drawn.map((r) => r.metrics[metric])));
  const metricValues = drawn.map((r) => r.metrics[metric]);
  const lo = Math.min(...metricValues);
  const hi = Math.max(...metricValues);
  const lines = drawn.map((r) => {
    const v = r.metrics[metric];
    const t = hi > lo ? (v - lo) / (hi - lo) : 1;
    const ys = [...names.map((n, i) => position(axes[i], r.params[n])), position(axes[names.length], v)];
    return {
      index: r.index,
      runId: r.runId,
      ys: ys.map((y) => y ?? 0.5),
      quality: goal === 'minimize' ? 1 - t : t,
      best: r.best,
      values: [...names.map((n) => `${n} = ${formatParam(r.params[n])}`), `${metric} = ${formatMetric(metric, v)}`],
    };
  });
  // The best line last, so it is drawn on top.
  lines.sort((a, b) => Number(a.best) - Number(b.best) || a.quality - b.quality);
  return { axes, lines };
}

/** A param's axis: the declared range widened to the observed values; categories in the declared order (by value when all are numbers). */
export function paramAxis(key: string, spec: ParamSpec | undefined, observed: readonly (ParamValue | undefined)[]): Axis {
  const numbers = observed.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const categorical = !spec ? observed.some((v) => v !== undefined && typeof v !== 'number') : spec.kind === 'choice';
  if (categorical) {
    // Numeric choices read bottom-up by value; other choices keep their declared order.
    const declared = spec?.kind === 'choice' ? [...spec.values] : [];
    if (declared.every((v) => typeof v === 'number')) (declared as number[]).sort((a, b) => a - b);
    const categories = declared.map(String);
    for (const v of observed) if (v !== undefined && !categories.includes(String(v))) categories.push(String(v));
    return categoricalAxis(key, categories);
  }
  const declared = spec && spec.kind !== 'choice' ? [spec.min, spec.max] : [];
  const log = spec?.kind === 'logUniform' && numbers.every((v) => v > 0);
  return numericAxis(key, 'param', log ? 'log' : 'linear', [...declared, ...numbers]);
}

export function metricAxis(key: string, values: readonly number[]): Axis {
  const axis = numericAxis(key, 'metric', 'linear', values.filter(finite));
  return { ...axis, ticks: axis.ticks.map((t) => ({ ...t, label: formatMetric(key, valueAt(axis, t.at)) })) };
}

export function categoricalAxis(key: string, categories: string[]): Axis {
  const n = categories.length;
  const at = (i: number): number => (n <= 1 ? 0.5 : i / (n - 1));
  return { key, kind: 'param', scale: 'categorical', min: 0, max: Math.max(n - 1, 0), categories, ticks: categories.map((c, i) => ({ at: at(i), label: c })) };
}

function numericAxis(key: string, kind: Axis['kind'], scale: 'linear' | 'log', values: readonly number[]): Axis {
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (min === max) {
    // One value: centre it on an axis that still has a range.
    const pad = scale === 'log' ? 0 : Math.abs(min) * 0.1 || 1;
    if (scale === 'log') [min, max] = [min / 10, max * 10];
    else [min, max] = [min - pad, max + pad];
  }
  const axis: Axis = { key, kind, scale, min, max, categories: [], ticks: [] };
  const tickValues = scale === 'log' ? logTicks(min, max) : linearTicks(min, max, 5);
  // Log axes span decades: "1e-4 … 0.01" reads better than "0.0001 … 0.01"; linear ones get the digits their spacing needs.
  const labels = scale === 'log' ? tickValues.map(formatLearningRate) : tickLabels(tickValues);
  axis.ticks = tickValues.map((v, i) => ({ at: Math.min(1, Math.max(0, position(axis, v)!)), label: labels[i] }));
  return axis;
}

/** Where a value sits on an axis, 0..1; undefined when it cannot be placed (unknown category, ≤ 0 on a log axis). */
export function position(axis: Axis, value: ParamValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (axis.scale === 'categorical') {
    const i = axis.categories.indexOf(String(value));
    if (i < 0) return undefined;
    return axis.categories.length <= 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (axis.scale === 'log') {
    if (value <= 0) return undefined;
    return (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
  }
  return (value - axis.min) / (axis.max - axis.min);
}

/** The value at a position of a numeric axis (inverse of `position`). */
export function valueAt(axis: Axis, at: number): number {
  if (axis.scale === 'log') return 10 ** (Math.log10(axis.min) + at * (Math.log10(axis.max) - Math.log10(axis.min)));
  return axis.min + at * (axis.max - axis.min);
}

/** Round-numbered ticks (1, 2, 5 × 10^k steps) inside [min, max]: the step whose tick count is nearest `count`. */
export function linearTicks(min: number, max: number, count: number): number[] {
  const span = max - min;
  if (!(span > 0)) return [min];
  const magnitude = 10 ** Math.floor(Math.log10(span / Math.max(count - 1, 1)));
  const ticksFor = (step: number): number[] => {
    const ticks: number[] = [];
    for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  };
  const options = [1, 2, 5, 10].map((m) => ticksFor(m * magnitude));
  return options.reduce((best, t) => (Math.abs(t.length - count) < Math.abs(best.length - count) ? t : best));
}

/** Powers of ten inside [min, max]; with fewer than two of them, the ends as well. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(Math.log10(min) - 1e-9); e <= Math.floor(Math.log10(max) + 1e-9); e++) ticks.push(Number((10 ** e).toPrecision(12)));
  if (ticks.length >= 2) return ticks;
  const ends = [min, ...ticks, max].map((v) => Number(v.toPrecision(2)));
  return [...new Set(ends)].sort((a, b) => a - b);
}
