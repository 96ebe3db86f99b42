// Quantiles of a recorded activation histogram, for the per-layer distribution bands.
import type { Histogram } from '../../../src/protocol/probeStats';

/**
 * The q-quantiles (each in [0, 1]) of a histogram, interpolating linearly inside a bin. A histogram
 * whose edges collapse to one value (e.g. every output exactly 0) gives that value for every q.
 */
export function histogramQuantiles(h: Histogram, qs: readonly number[]): number[] {
  const total = h.counts.reduce((a, b) => a + b, 0);
  if (total <= 0 || h.edges.length < 2) return qs.map(() => NaN);
  return qs.map((q) => {
    const target = Math.min(Math.max(q, 0), 1) * total;
    let cumulative = 0;
    for (let b = 0; b < h.counts.length; b++) {
      const c = h.counts[b];
      if (c > 0 && cumulative + c >= target) {
        const lo = h.edges[b];
        const hi = h.edges[b + 1] ?? lo;
        return lo + ((target - cumulative) / c) * (hi - lo);
      }
      cumulative += c;
    }
    return h.edges[h.edges.length - 1];
  });
}
