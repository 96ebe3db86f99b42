// Per-variable statistics of every training step (gradient norm and max |g|, weight norm, update norm),
// which the diagnostics read. Two ways to get them, picked by backend:
// - on the CPU-memory backends (wasm, cpu) a tensor's data is a memcpy away, so the variables and
//   gradients are read once and reduced on the host: a few passes over plain arrays (on wasm, SIMD
//   passes on its heap) instead of ~8 kernel launches per variable plus a copy of every weight (on the
//   bench's wide MLP that was 12% of a step);
// - on device backends (tensorflow, GPU) reading is a sync, so the reductions run as kernels and one
//   packed vector of scalars comes back with the loss.
import * as tf from '@tensorflow/tfjs';
import type { StepStats } from '../../protocol/events';
import type { Histogram } from '../diagnostics/types';
import { histogram } from '../diagnostics/probes/histogram';
import { hostValues, withHostViews } from '../backend/hostView';
import { heapActivationStatsFor } from '../backend/simd/heapActivationStats';
import type { AdamStepSums } from '../backend/simd/heapAdam';
import { heapStatsFor, type HeapBuffer, type HeapStats } from '../backend/simd/heapStats';

/** The raw sums one step yields per variable, before square roots and ratios. */
export interface StepSums {
  gradSquares: number[];
  gradMaxAbs: number[];
  weightSquares: number[];
  updateSquares: number[];
}

export function toStepStats(s: StepSums): StepStats {
  const n = s.gradSquares.length;
  const gradNorm = new Array<number>(n);
  const weightNorm = new Array<number>(n);
  const updateRatio = new Array<number>(n);
  let nonFinite = false;
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(s.gradSquares[i]);
    const w = Math.sqrt(s.weightSquares[i]);
    const u = Math.sqrt(s.updateSquares[i]);
    gradNorm[i] = g;
    weightNorm[i] = w;
    updateRatio[i] = u / Math.max(w, 1e-12);
    // g − g is NaN exactly when g is NaN or ±Infinity.
    if (g - g !== 0 || w - w !== 0 || u - u !== 0) nonFinite = true;
  }
  return { gradNorm, gradMaxAbs: s.gradMaxAbs, weightNorm, updateRatio, nonFinite };
}

// The reductions below run on every step's gradients and weights. Two things make them fast in V8:
// - several accumulators: one would serialize every add on the previous one;
// - no separate loop for the last n % 4 values: that loop runs only for some sizes, so the optimized
//   code meets it without type feedback and deoptimizes, on every call (300 times in a 96-step run of
//   a small MLP, 4× the time). The tail goes through the same loop instead, zero-padded (zeros add
//   nothing to a sum of squares nor to a maximum of |g|).
const tailA = new Float32Array(4);
const tailB = new Float32Array(4);
const sums = new Float64Array(2);

/** Adds Σg² of g[0..n) to sums[0] and raises sums[1] to max|g| (n a multiple of 4; NaN propagates to sums[0]). */
function addGradientBlock(g: Float32Array, n: number): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  for (let i = 0; i < n; i += 4) {
    const a = g[i], b = g[i + 1], c = g[i + 2], d = g[i + 3];
    s0 += a * a;
    s1 += b * b;
    s2 += c * c;
    s3 += d * d;
    const aa = Math.abs(a), ab = Math.abs(b), ac = Math.abs(c), ad = Math.abs(d);
    if (aa > m0) m0 = aa;
    if (ab > m1) m1 = ab;
    if (ac > m2) m2 = ac;
    if (ad > m3) m3 = ad;
  }
  sums[0] += s0 + s1 + s2 + s3;
  sums[1] = Math.max(sums[1], m0, m1, m2, m3);
}

/** The first n − n % 4 values, then the rest zero-padded to 4, through the same loop. */
function padTail(src: Float32Array, into: Float32Array): Float32Array {
  const end = src.length - (src.length % 4);
  into.fill(0);
  into.set(src.subarray(end));
  return into;
}

/** Σg² and max|g| of one gradient, in one pass (a NaN anywhere makes both NaN, as the kernels would). */
export function gradientSums(g: Float32Array): { squares: number; maxAbs: number } {
  sums[0] = 0;
  sums[1] = 0;
  addGradientBlock(g, g.length - (g.length % 4));
  addGradientBlock(padTail(g, tailA), 4);
  const squares = sums[0];
  return { squares, maxAbs: squares !== squares ? NaN : sums[1] };
}

/** Adds Σw² to sums[0] and Σ(w − w_before)² to sums[1] over [0..n) (n a multiple of 2). */
function addUpdateBlock(after: Float32Array, before: Float32Array, n: number): void {
  let w0 = 0, w1 = 0, u0 = 0, u1 = 0;
  for (let i = 0; i < n; i += 2) {
    const a = after[i], b = after[i + 1];
    const da = a - before[i], db = b - before[i + 1];
    w0 += a * a;
    w1 += b * b;
    u0 += da * da;
    u1 += db * db;
  }
  sums[0] += w0 + w1;
  sums[1] += u0 + u1;
}

/** Σw² of the new weights and Σ(w − w_before)² of the update, in one pass (tail as in gradientSums). */
export function updateSums(after: Float32Array, before: Float32Array): { weightSquares: number; updateSquares: number } {
  sums[0] = 0;
  sums[1] = 0;
  addUpdateBlock(after, before, after.length - (after.length % 4));
  addUpdateBlock(padTail(after, tailA), padTail(before, tailB), 4);
  return { weightSquares: sums[0], updateSquares: sums[1] };
}

/** Where the weights before an update are copied: a JS array, or on wasm a buffer on the heap (so the SIMD pass reads it there). */
export type WeightsCopy = Float32Array | HeapBuffer;

const viewOf = (copy: WeightsCopy): Float32Array => (copy instanceof Float32Array ? copy : copy.view());

/**
 * Host-side statistics: call `beforeUpdate` with the gradients before the optimizer step, and
 * `afterUpdate` after it. Gradient histograms (probe steps) come from the same read. On wasm the sums
 * run as SIMD passes on the heap (../backend/simd/heapStats.ts), elsewhere as the JS loops above; with
 * plain Adam on wasm the update pass itself gives them (applyAdamWithSums), and no weights are copied.
 */
export class HostStepStats {
  private grads: ({ squares: number; maxAbs: number } | undefined)[] = [];
  private readonly simd: HeapStats | undefined = heapStatsFor(tf.backend());
  histograms: Record<string, Histogram> | undefined;

  /**
   * `before` receives a copy of every weight before the update, variable after variable: a memcpy,
   * where a clone per variable cost a tfjs op each (about 0.3 ms per step, 15–18% of the digits MLP's
   * step in bench:probes). The caller keeps it from step to step. Without it (the optimizer gives the
   * update sums), a variable the optimizer did not report has not moved.
   */
  constructor(private readonly variables: tf.Variable[], private readonly before: WeightsCopy | undefined) {
    const size = before ? variables.reduce((n, v) => n + v.size, 0) : 0;
    if (before && before.length !== size) throw new Error(`HostStepStats: the weights copy holds ${before.length} values, the variables ${size}`);
  }

  /** A buffer for `variables`' weights, to pass to every step's HostStepStats (on the heap on wasm). */
  static weightsBuffer(variables: tf.Variable[]): WeightsCopy {
    const size = variables.reduce((n, v) => n + v.size, 0);
    return heapStatsFor(tf.backend())?.allocate(size) ?? new Float32Array(size);
  }

  /** `gradientSumsLater`: the optimizer's pass will give Σg² and max|g| of these same gradients (no clipping in between). */
  beforeUpdate(grads: tf.NamedTensorMap, withHistograms: boolean, gradientSumsLater = false): void {
    if (this.before) {
      const before = viewOf(this.before);
      withHostViews(this.variables, (views) => {
        let offset = 0;
        for (const w of views) {
          before.set(w, offset);
          offset += w.length;
        }
      });
    }
    if (gradientSumsLater && !withHistograms) return;
    const gradTensors = this.variables.map((v) => grads[v.name]);
    withHostViews(gradTensors, (views) => {
      if (!gradientSumsLater) this.grads = views.map((g) => this.simd?.gradientSums(g) ?? gradientSums(g));
      const passes = withHistograms ? heapActivationStatsFor(tf.backend()) : undefined;
      this.histograms = withHistograms ? Object.fromEntries(this.variables.map((v, i) => [v.name, histogram(views[i], undefined, passes)])) : undefined;
    });
  }

  /**
   * `fromOptimizer`: the sums the optimizer's pass gave, by variable name (applyAdamWithSums). Only a
   * variable it did not report is read (the digits MLP's 0.6 ms steps: a tenth of what the statistics
   * cost there was taking views of weights the pass had already summed).
   */
  afterUpdate(fromOptimizer?: Map<string, AdamStepSums>): StepSums {
    const n = this.variables.length;
    const out: StepSums = { gradSquares: new Array(n), gradMaxAbs: new Array(n), weightSquares: new Array(n), updateSquares: new Array(n) };
    // The update allocated: views of the heap are taken now, not before it.
    const before = this.before && viewOf(this.before);
    let offset = 0;
    this.variables.forEach((v, i) => {
      const start = offset;
      offset += v.size;
      const reported = fromOptimizer?.get(v.name);
      const grad = this.grads[i] ?? (reported ? { squares: reported.gradSquares, maxAbs: reported.gradMaxAbs } : { squares: 0, maxAbs: 0 });
      out.gradSquares[i] = grad.squares;
      out.gradMaxAbs[i] = grad.maxAbs;
      const update = reported ?? this.readUpdate(hostValues(v), before?.subarray(start, offset));
      out.weightSquares[i] = update.weightSquares;
      out.updateSquares[i] = update.updateSquares;
    });
    return out;
  }

  /** Σw² and Σ(w − w_before)² of one variable after its update; without the copy from before, it has not moved. */
  private readUpdate(after: Float32Array, old: Float32Array | undefined): { weightSquares: number; updateSquares: number } {
    if (old) return this.simd?.updateSums(after, old) ?? updateSums(after, old);
    return { weightSquares: (this.simd?.gradientSums(after) ?? gradientSums(after)).squares, updateSquares: 0 };
  }
}
