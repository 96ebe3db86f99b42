// Per-step series math for the charts: EMA smoothing, downsampling to a drawable number of points,
// and the min/max/last/best figures shown next to chart titles. Pure: no DOM, no Chart.js.

/** A chart point; y is null where the value was missing or not finite (NaN/Inf are recorded as null). */
export interface Point {
  x: number;
  y: number | null;
}

export const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Exponential moving average, debiased like TensorBoard's smoothing so the first points are not pulled
 * towards 0. weight 0 returns the values unchanged; missing values stay missing and do not reset it.
 */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  let last = 0;
  let debias = 0;
  return values.map((v) => {
    if (!finite(v)) return null;
    last = last * w + (1 - w) * v;
    debias = debias * w + (1 - w);
    return last / debias;
  });
}

/**
 * Largest-Triangle-Three-Buckets: the indices of at most maxPoints points that keep the shape of the
 * series (peaks and dips survive, unlike striding). Missing values are skipped; the first and last
 * finite points are always kept. Returns sorted indices into the input.
 */
export function lttbIndices(xs: readonly number[], ys: readonly (number | null)[], maxPoints: number): number[] {
  const valid: number[] = [];
  for (let i = 0; i < ys.length; i++) if (finite(ys[i])) valid.push(i);
  if (valid.length <= maxPoints || maxPoints < 3) return maxPoints < 3 ? valid.slice(0, Math.max(maxPoints, 0)) : valid;
  const out: number[] = [valid[0]];
  const bucketSize = (valid.length - 2) / (maxPoints - 2);
  let a = valid[0];
  for (let b = 0; b < maxPoints - 2; b++) {
    const start = Math.floor(b * bucketSize) + 1;
    const end = Math.min(Math.floor((b + 1) * bucketSize) + 1, valid.length - 1);
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((b + 2) * bucketSize) + 1, valid.length);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += xs[valid[j]];
      avgY += ys[valid[j]] as number;
    }
    const n = Math.max(nextEnd - nextStart, 1);
    avgX /= n;
    avgY /= n;
    let best = valid[start];
    let bestArea = -1;
    const ax = xs[a];
    const ay = ys[a] as number;
    for (let j = start; j < end; j++) {
      const i = valid[j];
      const area = Math.abs((ax - avgX) * ((ys[i] as number) - ay) - (ax - xs[i]) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(valid[valid.length - 1]);
  return out;
}

/**
 * Indices to draw for several series sharing one x array (e.g. one gradient-norm line per layer):
 * the union of each series' LTTB picks, each series getting an equal share of maxPoints, so every
 * series keeps its shape and a tooltip at one x shows every series' value there.
 */
export function sharedIndices(xs: readonly number[], series: readonly (readonly (number | null)[])[], maxPoints: number): number[] {
  if (xs.length <= maxPoints) return xs.map((_, i) => i);
  const share = Math.max(Math.floor(maxPoints / Math.max(series.length, 1)), 3);
  const picked = new Set<number>();
  for (const ys of series) for (const i of lttbIndices(xs, ys, share)) picked.add(i);
  return [...picked].sort((p, q) => p - q);
}

/** The points at the given indices, non-finite values as null (a gap in the line). */
export function pointsAt(xs: readonly number[], ys: readonly (number | null)[], indices: readonly number[]): Point[] {
  return indices.map((i) => ({ x: xs[i], y: finite(ys[i]) ? (ys[i] as number) : null }));
}

/** For log-scale charts: values ≤ 0 cannot be drawn, so they become gaps instead of breaking the scale. */
export function positiveOnly(points: Point[]): Point[] {
  return points.map((p) => (p.y !== null && p.y > 0 ? p : { x: p.x, y: null }));
}

export interface SeriesSummary {
  min?: number;
  max?: number;
  last?: number;
  /** The best value (min or max by the metric's direction) and its index. */
  best?: number;
  bestIndex?: number;
}

export function summarize(values: readonly (number | null)[], higherIsBetter: boolean): SeriesSummary {
  const s: SeriesSummary = {};
  values.forEach((v, i) => {
    if (!finite(v)) return;
    if (s.min === undefined || v < s.min) s.min = v;
    if (s.max === undefined || v > s.max) s.max = v;
    if (s.best === undefined || (higherIsBetter ? v > s.best : v < s.best)) {
      s.best = v;
      s.bestIndex = i;
    }
    s.last = v;
  });
  return s;
}
