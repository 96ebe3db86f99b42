// Categorical cross-entropy as one op on the backends that keep tensors in host memory. The composite
// (rescale p to sum to 1, clip, log, multiply, sum, mean) is eight taped kernels, and its autodiff
// about twenty more, each a launch through tfjs' engine on a [batch, classes] tensor that takes
// microseconds to compute: ~0.4 ms of a bench MLP step on wasm. Here the loss is one pass over p and
// y in JS and its gradient the closed form in one more, with the composite's semantics kept: p
// rescaled per row, clipped to [ε, 1 − ε] with no gradient outside (clipByValue's), NaN carried.
import * as tf from '@tensorflow/tfjs';
import { hostValues, tensorFromHost } from '../hostView';

/**
 * −Σ y·log(clip(p / Σp)) per row, averaged over the rows ([..., classes] of the same shape); also
 * fills `sums` with each row's Σp. Doubles throughout.
 */
export function crossEntropyForward(y: Float32Array, p: Float32Array, classes: number, epsilon: number, sums: Float64Array): number {
  const rows = sums.length;
  let total = 0;
  for (let r = 0, o = 0; r < rows; r++, o += classes) {
    let s = 0;
    for (let j = 0; j < classes; j++) s += p[o + j];
    sums[r] = s;
    for (let j = 0; j < classes; j++) {
      const q = p[o + j] / s;
      // Comparisons are false for NaN, which passes through as the composite's clip passes it.
      const c = q < epsilon ? epsilon : q > 1 - epsilon ? 1 - epsilon : q;
      total += y[o + j] * Math.log(c);
    }
  }
  return -total / rows;
}

/**
 * The gradients of crossEntropyForward's loss, times `scale` (the upstream gradient): with q = p/s and
 * g = −y/q·scale/rows where ε ≤ q ≤ 1 − ε (else 0), dp = (g − Σ g·q)/s per row and dy = −log(clip q)·scale/rows.
 */
export function crossEntropyBackward(y: Float32Array, p: Float32Array, classes: number, epsilon: number, sums: Float64Array, scale: number, dp: Float32Array, dy: Float32Array): void {
  const rows = sums.length;
  const k = scale / rows;
  for (let r = 0, o = 0; r < rows; r++, o += classes) {
    const s = sums[r];
    let gq = 0;
    for (let j = 0; j < classes; j++) {
      const q = p[o + j] / s;
      const inside = q >= epsilon && q <= 1 - epsilon;
      const c = q < epsilon ? epsilon : q > 1 - epsilon ? 1 - epsilon : q;
      const g = inside ? (-y[o + j] / c) * k : 0;
      dp[o + j] = g; // g for now; the row's correction below
      gq += g * q;
      dy[o + j] = -Math.log(c) * k;
    }
    for (let j = 0; j < classes; j++) dp[o + j] = (dp[o + j] - gq) / s;
  }
}

/** The loss of labels y against probabilities p (same shape, float32), averaged over every row. */
export function fusedCategoricalCrossentropy(yTrue: tf.Tensor, yPred: tf.Tensor, epsilon: number): tf.Scalar {
  const classes = yPred.shape[yPred.rank - 1];
  const rows = yPred.size / classes;
  const sums = new Float64Array(rows);
  const loss = tf.customGrad((...args: unknown[]) => {
    const [y, p] = args as [tf.Tensor, tf.Tensor];
    const save = args[2] as tf.GradSaveFunc;
    save([y, p]);
    const value = tf.scalar(crossEntropyForward(hostValues(y), hostValues(p), classes, epsilon, sums));
    const gradFunc = (upstream: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [ys, ps] = saved;
      const scale = hostValues(upstream)[0];
      // Both outputs first (allocating may move the heap), then the views.
      const dy = tensorFromHost(ys.shape, () => {});
      const dp = tensorFromHost(ps.shape, () => {});
      crossEntropyBackward(hostValues(ys), hostValues(ps), classes, epsilon, sums, scale, hostValues(dp), hostValues(dy));
      return [dy, dp];
    };
    return { value, gradFunc };
  });
  return (loss as (y: tf.Tensor, p: tf.Tensor) => tf.Scalar)(yTrue, yPred);
}
