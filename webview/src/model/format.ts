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

/**
 * Labels for an axis' ticks with as many digits as the ticks' spacing asks for, so adjacent ticks never read
 * the same (1.099…1.105 is "1.098 1.1 1.102 1.104", not "1.1" six times). Percent axes scale by 100 first.
 */
export function tickLabels(values: readonly number[], percent = false): string[] {
  const scaled = values.map((v) => (percent ? v * 100 : v));
  const suffix = percent ? '%' : '';
  const finite = scaled.filter(Number.isFinite);
  const magnitude = finite.length ? Math.max(...finite.map(Math.abs)) : 0;
  let step = Infinity;
  for (let i = 1; i < finite.length; i++) {
    const d = Math.abs(finite[i] - finite[i - 1]);
    if (d > 0) step = Math.min(step, d);
  }
  // Very large or very small values read better with an exponent, with enough digits to tell ticks apart.
  const exponent = magnitude >= 1e5 || (magnitude > 0 && magnitude < 1e-3);
  const start = Number.isFinite(step) ? Math.max(0, Math.ceil(-Math.log10(exponent ? step / 10 ** Math.floor(Math.log10(magnitude)) : step) - 1e-9)) : 0;
  for (let digits = start; digits <= 12; digits++) {
    const labels = scaled.map((v) => (Number.isFinite(v) ? (exponent ? expLabel(v, digits) : fixedLabel(v, digits)) : formatNumber(v)) + suffix);
    if (new Set(labels).size === labels.length || digits === 12) return labels;
  }
  return scaled.map((v) => formatNumber(v) + suffix);
}

function fixedLabel(v: number, digits: number): string {
  // Trailing zeros trimmed per label: 1.100 reads 1.1, as Chart.js' own ticks do.
  const text = v.toFixed(digits);
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

function expLabel(v: number, digits: number): string {
  if (v === 0) return '0';
  return v.toExponential(digits).replace(/\.?0+e/, 'e').replace('e+', 'e');
}
