// Adam (and AdamW, which calls it) in one pass per small variable. tfjs' Adam launches 14 elementwise
// kernels per variable per step, plus a scalar tensor for every constant: for the small variables of
// most models (biases, LSTM and conv kernels) that launch overhead is nearly all of the cost. On the
// backends that keep data in host memory, one loop over the value, the two moments and the gradient
// computes the same update (in double precision, stored as float32) into three new tensors the
// variables then take: measured on wasm, the bench LSTM's variables update in 0.11–0.2 ms instead of
// 0.55–1.1, the CNN's in 0.5–0.8 instead of 0.9–3. On wasm the pass is Model Lab's SIMD kernel on the
// heap (../simd/heapAdam.ts), for every variable. On cpu, past FUSED_MAX_SIZE values tfjs' kernels win
// over the JS loop, so bigger variables keep them there.
import * as tf from '@tensorflow/tfjs';
import { hostValues, uninitializedTensor } from '../hostView';
import { heapAdamFor, type AdamStepSums } from '../simd/heapAdam';
import { adamInternals, registeredVariable, type AdamInternals, type PatchResult } from '../tfjsInternals';
import { fusedPathActive } from './fusedSwitch';

type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];

/** Without the SIMD pass, variables with more values than this are updated by tfjs' kernels (see above). */
export const FUSED_MAX_SIZE = 32768;

type AdamState = AdamInternals;

/**
 * m' = β1·m + (1−β1)·g, v' = β2·v + (1−β2)·g², w' = w − step·m' / (√(v'·invCorrection2) + ε), with
 * step = lr / (1 − β1ᵗ): one division and one square root per value (a division costs as much as ten
 * multiplications).
 */
function adamPass(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, w2: Float32Array, m2: Float32Array, v2: Float32Array, beta1: number, beta2: number, step: number, invCorrection2: number, epsilon: number): void {
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  const n = w.length;
  for (let k = 0; k < n; k++) {
    const gk = g[k];
    const mk = beta1 * m[k] + keep1 * gk;
    const vk = beta2 * v[k] + keep2 * gk * gk;
    m2[k] = mk;
    v2[k] = vk;
    w2[k] = w[k] - (step * mk) / (Math.sqrt(vk * invCorrection2) + epsilon);
  }
}

/** With `sums`, each updated variable's step statistics from the SIMD pass, by variable name (adamSumsAvailable must hold). */
function fusedApply(adam: AdamState, variableGradients: Gradients, sums?: Map<string, AdamStepSums>): void {
  const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients) ? variableGradients.map((g) => [g.name, g.tensor]) : Object.entries(variableGradients);
  const { learningRate: lr, beta1, beta2, epsilon } = adam;
  const accBeta1 = adam.accBeta1.dataSync()[0];
  const accBeta2 = adam.accBeta2.dataSync()[0];
  const correction1 = 1 - accBeta1;
  const correction2 = 1 - accBeta2;
  const simd = heapAdamFor(tf.backend());
  tf.tidy(() => {
    let corrections: [tf.Tensor, tf.Tensor] | undefined;
    entries.forEach(([name, gradient], i) => {
      const value = registeredVariable(name);
      if (!value) throw new Error(`Adam: no variable named '${name}' is registered with tfjs`);
      adam.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      adam.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const first = adam.accumulatedFirstMoment[i].variable;
      const second = adam.accumulatedSecondMoment[i].variable;
      if (value.size > FUSED_MAX_SIZE && !simd) {
        corrections ??= [tf.sub(1, adam.accBeta1), tf.sub(1, adam.accBeta2)];
        return kernelUpdate(adam, value, first, second, gradient, corrections);
      }
      // Outputs first: allocating may grow the wasm heap, which detaches views taken before.
      const newValue = uninitializedTensor(value.shape);
      const newFirst = uninitializedTensor(value.shape);
      const newSecond = uninitializedTensor(value.shape);
      const [w, m, v, g, w2, m2, v2] = [value, first, second, gradient, newValue, newFirst, newSecond].map(hostValues);
      const constants = { beta1, keep1: 1 - beta1, beta2, keep2: 1 - beta2, step: lr / correction1, invCorrection2: 1 / correction2, epsilon };
      if (simd && sums) sums.set(name, simd.updateWithSums(constants, w, m, v, g, w2, m2, v2));
      else if (simd) simd.update(constants, w, m, v, g, w2, m2, v2);
      else adamPass(w, m, v, g, w2, m2, v2, beta1, beta2, lr / correction1, 1 / correction2, epsilon);
      first.assign(newFirst);
      second.assign(newSecond);
      value.assign(newValue);
    });
    // As tfjs: the running products of the betas, in float32.
    adam.accBeta1.assign(tf.scalar(Math.fround(accBeta1 * Math.fround(beta1))));
    adam.accBeta2.assign(tf.scalar(Math.fround(accBeta2 * Math.fround(beta2))));
  });
  adam.incrementIterations();
}

/** tfjs' own update of one variable, op for op (so the numbers are tfjs'). */
function kernelUpdate(adam: AdamState, value: tf.Variable, first: tf.Variable, second: tf.Variable, gradient: tf.Tensor, [oneMinusAccBeta1, oneMinusAccBeta2]: [tf.Tensor, tf.Tensor]): void {
  const newFirst = tf.add(tf.mul(first, adam.beta1), tf.mul(gradient, 1 - adam.beta1));
  const newSecond = tf.add(tf.mul(second, adam.beta2), tf.mul(tf.square(gradient), 1 - adam.beta2));
  const correctedFirst = tf.div(newFirst, oneMinusAccBeta1);
  const correctedSecond = tf.div(newSecond, oneMinusAccBeta2);
  first.assign(newFirst);
  second.assign(newSecond);
  value.assign(tf.add(tf.mul(tf.div(correctedFirst, tf.add(tf.sqrt(correctedSecond), adam.epsilon)), -adam.learningRate), value));
}

/**
 * Whether `optimizer`'s update can give the step statistics itself (applyAdamWithSums): plain Adam (not
 * AdamW, whose decay moves the weights outside the pass) on the fused path with the SIMD pass.
 */
export function adamSumsAvailable(optimizer: tf.Optimizer): boolean {
  return Object.getPrototypeOf(optimizer) === tf.AdamOptimizer.prototype && fusedPathActive() && heapAdamFor(tf.backend()) !== undefined;
}

/** Applies the gradients as applyGradients does, and returns each updated variable's Σg², max|g|, Σw², Σ(Δw)² by name. */
export function applyAdamWithSums(optimizer: tf.Optimizer, variableGradients: Gradients): Map<string, AdamStepSums> {
  if (!adamSumsAvailable(optimizer)) throw new Error('applyAdamWithSums: needs plain Adam on the fused SIMD path (check adamSumsAvailable first)');
  const sums = new Map<string, AdamStepSums>();
  fusedApply(adamInternals(optimizer as tf.AdamOptimizer), variableGradients, sums);
  return sums;
}

export function installFusedAdam(): PatchResult {
  const original = tf.AdamOptimizer.prototype.applyGradients;
  if (typeof original !== 'function') return { name: 'AdamOptimizer', patched: false, reason: 'tf.AdamOptimizer has no applyGradients()' };
  tf.AdamOptimizer.prototype.applyGradients = function (this: tf.AdamOptimizer, variableGradients: Gradients): void {
    if (!fusedPathActive()) return original.call(this, variableGradients as Parameters<typeof original>[0]);
    fusedApply(adamInternals(this), variableGradients);
  };
  return { name: 'AdamOptimizer', patched: true };
}
