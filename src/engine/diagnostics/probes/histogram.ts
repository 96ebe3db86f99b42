// Fixed-bin histograms for the dashboard: equal-width bins over the values' own range.
import type { Histogram } from '../types';

export const HISTOGRAM_BINS = 30;

// Hot in every probe (each layer's activations, and weights and gradients once an epoch): typed
// counters, a multiply instead of a divide, and `v - v === 0` as the finite test (false for NaN, ±∞).
export function histogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS): Histogram {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { edges: [0, 0], counts: [0] };
  if (min === max) return { edges: [min, max], counts: [n] };
  const width = (max - min) / bins;
  const scale = bins / (max - min);
  const counts = new Int32Array(bins);
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) continue;
    const bin = Math.floor((v - min) * scale);
    counts[bin < last ? bin : last]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => min + i * width), counts: Array.from(counts) };
}
