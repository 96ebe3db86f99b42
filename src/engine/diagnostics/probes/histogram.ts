// Fixed-bin histograms for the dashboard: equal-width bins over the values' own range.
import type { Histogram } from '../types';

export const HISTOGRAM_BINS = 30;

export function histogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { edges: [0, 0], counts: [0] };
  if (min === max) return { edges: [min, max], counts: [values.length] };
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - min) / width))]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => min + i * width), counts };
}
