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

/** Σg² and max|g| of one gradient, in one pass (a NaN anywhere makes both NaN, as the kernels would). */
export function gradientSums(g: Float32Array): { squares: number; maxAbs: number } {
  let squares = 0;
  let maxAbs = 0;
  for (let i = 0; i < g.length; i++) {
    const v = g[i];
    squares += v * v;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  return { squares, maxAbs: squares !== squares ? NaN : maxAbs };
}

/** Σw² of the new weights and Σ(w − w_before)² of the update, in one pass. */
export function updateSums(after: Float32Array, before: Float32Array): { weightSquares: number; updateSquares: number } {
  let weightSquares = 0;
  let updateSquares = 0;
  for (let i = 0; i < after.length; i++) {
    const w = after[i];
    const d = w - before[i];
    weightSquares += w * w;
    updateSquares += d * d;
  }
  return { weightSquares, updateSquares };
}

/**
 * Host-side statistics: call `beforeUpdate` with the gradients before the optimizer step, and
 * `afterUpdate` after it. Gradient histograms (probe steps) come from the same read.
 */
export class HostStepStats {
  private before: Float32Array[] = [];
  private grads: { squares: number; maxAbs: number }[] = [];
  histograms: Record<string, Histogram> | undefined;

  constructor(private readonly variables: tf.Variable[]) {}

  // dataSync here is a copy out of host memory (the wasm heap, or a JS array on cpu), not a device sync;
  // awaiting a promise per variable cost more than the copy on small models.
  beforeUpdate(grads: tf.NamedTensorMap, withHistograms: boolean): void {
    // Updates replace a variable's data rather than write into it, so the copy read here stays the old weights.
    this.before = this.variables.map((v) => v.dataSync() as Float32Array);
    const gradData = this.variables.map((v) => grads[v.name].dataSync() as Float32Array);
    this.grads = gradData.map((g) => gradientSums(g));
    this.histograms = withHistograms ? Object.fromEntries(this.variables.map((v, i) => [v.name, histogram(gradData[i])])) : undefined;
  }

  afterUpdate(): StepSums {
    const after = this.variables.map((v) => v.dataSync() as Float32Array);
    const updates = after.map((a, i) => updateSums(a, this.before[i]));
    this.before = [];
    return {
      gradSquares: this.grads.map((g) => g.squares),
      gradMaxAbs: this.grads.map((g) => g.maxAbs),
      weightSquares: updates.map((u) => u.weightSquares),
      updateSquares: updates.map((u) => u.updateSquares),
    };
  }
}
