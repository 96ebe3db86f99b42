// Per-variable statistics of every training step (gradient norm and max |g|, weight norm, update norm),
// which the diagnostics read. Two ways to get them, picked by backend:
// - on the CPU-memory backends (wasm, cpu) a tensor's data is a memcpy away, so the variables and
//   gradients are read once and reduced in JS: a few passes over plain arrays instead of ~8 kernel
//   launches per variable plus a copy of every weight (on the bench's wide MLP that was 12% of a step);
// - on device backends (tensorflow, GPU) reading is a sync, so the reductions run as kernels and one
//   packed vector of scalars comes back with the loss.
import * as tf from '@tensorflow/tfjs';
import type { StepStats } from '../events';
import type { Histogram } from '../diagnostics/types';
import { histogram } from '../diagnostics/probes/histogram';
import { withHostViews } from '../backend/hostView';

/** The raw sums one step yields per variable, before square roots and ratios. */
export interface StepSums {
  gradSquares: number[];
  gradMaxAbs: number[];
  weightSquares: number[];
  updateSquares: number[];
}

export function toStepStats(s: StepSums): StepStats {
  const gradNorm = s.gradSquares.map(Math.sqrt);
  const weightNorm = s.weightSquares.map(Math.sqrt);
  const updateNorm = s.updateSquares.map(Math.sqrt);
  const updateRatio = updateNorm.map((u, i) => u / Math.max(weightNorm[i], 1e-12));
  const nonFinite = [...gradNorm, ...weightNorm, ...updateNorm].some((x) => !Number.isFinite(x));
  return { gradNorm, gradMaxAbs: s.gradMaxAbs, weightNorm, updateRatio, nonFinite };
}

/**
 * Σg² and max|g| of one gradient, in one pass (a NaN anywhere makes both NaN, as the kernels would).
 * Four accumulators: one would serialize every add on the previous one (about 3× slower on 270k values).
 */
export function gradientSums(g: Float32Array): { squares: number; maxAbs: number } {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  const n = g.length;
  const end = n - (n % 4);
  let i = 0;
  for (; i < end; i += 4) {
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
  for (; i < n; i++) {
    const v = g[i];
    s0 += v * v;
    const a = Math.abs(v);
    if (a > m0) m0 = a;
  }
  const squares = s0 + s1 + s2 + s3;
  return { squares, maxAbs: squares !== squares ? NaN : Math.max(m0, m1, m2, m3) };
}

/** Σw² of the new weights and Σ(w − w_before)² of the update, in one pass (two accumulators each, as above). */
export function updateSums(after: Float32Array, before: Float32Array): { weightSquares: number; updateSquares: number } {
  let w0 = 0, w1 = 0, u0 = 0, u1 = 0;
  const n = after.length;
  const end = n - (n % 2);
  let i = 0;
  for (; i < end; i += 2) {
    const a = after[i], b = after[i + 1];
    const da = a - before[i], db = b - before[i + 1];
    w0 += a * a;
    w1 += b * b;
    u0 += da * da;
    u1 += db * db;
  }
  if (i < n) {
    const a = after[i];
    const d = a - before[i];
    w0 += a * a;
    u0 += d * d;
  }
  return { weightSquares: w0 + w1, updateSquares: u0 + u1 };
}

/**
 * Host-side statistics: call `beforeUpdate` with the gradients before the optimizer step, and
 * `afterUpdate` after it. Gradient histograms (probe steps) come from the same read.
 */
export class HostStepStats {
  /** The weights before the update, kept alive by a clone (an update replaces a variable's data). */
  private before: tf.Tensor[] = [];
  private grads: { squares: number; maxAbs: number }[] = [];
  histograms: Record<string, Histogram> | undefined;

  constructor(private readonly variables: tf.Variable[]) {}

  beforeUpdate(grads: tf.NamedTensorMap, withHistograms: boolean): void {
    this.before = this.variables.map((v) => tf.keep(tf.clone(v)));
    const gradTensors = this.variables.map((v) => grads[v.name]);
    withHostViews(gradTensors, (views) => {
      this.grads = views.map((g) => gradientSums(g));
      this.histograms = withHistograms ? Object.fromEntries(this.variables.map((v, i) => [v.name, histogram(views[i])])) : undefined;
    });
  }

  afterUpdate(): StepSums {
    const n = this.variables.length;
    const updates = withHostViews([...this.variables, ...this.before], (views) => views.slice(0, n).map((after, i) => updateSums(after, views[n + i])));
    tf.dispose(this.before);
    this.before = [];
    return {
      gradSquares: this.grads.map((g) => g.squares),
      gradMaxAbs: this.grads.map((g) => g.maxAbs),
      weightSquares: updates.map((u) => u.weightSquares),
      updateSquares: updates.map((u) => u.updateSquares),
    };
  }

  /** Releases the kept weights when a step fails between the two calls. */
  dispose(): void {
    tf.dispose(this.before);
    this.before = [];
  }
}
