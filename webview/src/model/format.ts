// Number, duration and value formatting shared by the views.
import { isFraction } from './metrics';

export function formatNumber(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-3) return v.toExponential(Math.max(digits - 2, 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(digits)));
}

export function formatMetric(metric: string, v: number | null | undefined): string {
  if (typeof v === 'number' && Number.isFinite(v) && isFraction(metric) && v >= 0 && v <= 1) return `${(v * 100).toFixed(1)}%`;
  return formatNumber(v);
}

export function formatCount(v: number): string {
  return Math.round(v).toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatShape(shape: unknown): string {
  if (!Array.isArray(shape)) return '–';
  if (shape.length > 0 && Array.isArray(shape[0])) return shape.map(formatShape).join(', ');
  return `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}

/** A config or evidence value as one short line of text. */
export function formatValue(v: unknown): string {
  if (v === undefined) return '–';
  if (typeof v === 'number') return formatNumber(v, 6);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
