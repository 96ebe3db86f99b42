// Fixed-bin histograms for the dashboard: equal-width bins over the values' own range.
import type { ActivationSummary, HeapActivationStats } from '../../backend/simd/heapActivationStats';
import type { Histogram } from '../types';

export const HISTOGRAM_BINS = 30;

// Hot in every probe (each layer's activations, and weights and gradients once an epoch): typed
// counters, a multiply instead of a divide, and `v - v === 0` as the finite test (false for NaN, ±∞).
// With `passes` (the wasm backend's), values on its heap are counted there, into the same bins
// (`range`: the passes' summary of these values, if the caller already has it).
export function histogram(values: ArrayLike<number>, bins = HISTOGRAM_BINS, passes?: HeapActivationStats, range?: ActivationSummary): Histogram {
  const counted = passes && values instanceof Float32Array ? heapHistogram(values, bins, passes, range) : undefined;
  if (counted) return counted;
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
  const scale = bins / (max - min);
  const counts = new Int32Array(bins);
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) continue;
    const bin = Math.floor((v - min) * scale);
    counts[bin < last ? bin : last]++;
  }
  return { edges: edgesOf(min, max, bins), counts: Array.from(counts) };
}

/** The histogram counted on the wasm heap; undefined where the passes leave it to the JS loops (not on the heap, non-finite values, too many bins). */
function heapHistogram(values: Float32Array, bins: number, passes: HeapActivationStats, range = passes.summary(values)): Histogram | undefined {
  if (!range) return undefined;
  if (range.min === range.max) return { edges: [range.min, range.max], counts: [values.length] };
  const counts = passes.binCounts(values, range.min, range.max, bins);
  return counts && { edges: edgesOf(range.min, range.max, bins), counts };
}

function edgesOf(min: number, max: number, bins: number): number[] {
  const width = (max - min) / bins;
  return Array.from({ length: bins + 1 }, (_, i) => min + i * width);
}
