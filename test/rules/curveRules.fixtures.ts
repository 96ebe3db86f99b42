// Traces and helpers shared by the rule tests that came from test/curveRules.test.ts.
import assert from 'node:assert/strict';
import type { Finding, Rule, TrainingTrace } from '../../src/engine/diagnostics/types';
import { healthyTrace } from '../traceBuilder';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as overfitting } from '../../src/engine/diagnostics/rules/overfitting';
import { rule as underfitting } from '../../src/engine/diagnostics/rules/underfitting';
import { rule as lossPlateau } from '../../src/engine/diagnostics/rules/loss-plateau';
import { rule as oscillatingLoss } from '../../src/engine/diagnostics/rules/oscillating-loss';
import { rule as lossActivationMismatch } from '../../src/engine/diagnostics/rules/loss-activation-mismatch';
import { rule as unnormalizedInputs } from '../../src/engine/diagnostics/rules/unnormalized-inputs';
import { rule as unnormalizedTargets } from '../../src/engine/diagnostics/rules/unnormalized-targets';
import { rule as classImbalance } from '../../src/engine/diagnostics/rules/class-imbalance';
import { rule as labelOutOfRange } from '../../src/engine/diagnostics/rules/label-out-of-range';
import { rule as learningRateRange } from '../../src/engine/diagnostics/rules/learning-rate-range';

export const CURVE_RULES = [overfitting, underfitting, lossPlateau, oscillatingLoss] as Rule<object>[];
export const ALL_RULES = [...CURVE_RULES, lossActivationMismatch, unnormalizedInputs, unnormalizedTargets, classImbalance, labelOutOfRange, learningRateRange] as Rule<object>[];

export function findings(trace: TrainingTrace, rules: Rule<object>[] = ALL_RULES): Finding[] {
  return rules.flatMap((r) => r.check(trace, r.meta.defaultOptions));
}

export function only(trace: TrainingTrace, code: string): Finding {
  const found = findings(trace, CURVE_RULES);
  assert.deepEqual(found.map((f) => f.code), [code], JSON.stringify(found.map((f) => f.message)));
  return found[0];
}

/** Deterministic noise in [-1, 1]. */
export function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return 2 * (s / 2147483647) - 1;
  };
}

/** Every prefix of the trace (as the engine sees it epoch by epoch) gives no finding. */
export function assertSilentThroughout(trace: TrainingTrace): void {
  for (let e = 1; e <= trace.epochs.length; e++) {
    const prefix = { ...trace, epochs: trace.epochs.slice(0, e), steps: trace.steps.filter((s) => s.epoch < e) };
    const found = findings(prefix);
    assert.deepEqual(found.map((f) => `${f.code}: ${f.message}`), [], `after epoch ${e}`);
  }
}

// ---------------------------------------------------------------- healthy runs








// ---------------------------------------------------------------- overfitting

/** Training loss keeps falling; validation loss is lowest at epoch 6 (0-based) and then climbs 4 % per epoch, its accuracy slipping. */
export function overfittingTrace(): TrainingTrace {
  const trace = healthyTrace({
    epochs: 40,
    loss: (t) => 0.05 + 1.0 * Math.exp(-t / 4),
    valLoss: (e) => (e <= 6 ? 0.4 + 0.7 * Math.exp(-(e + 1) / 2) - 0.003 * e : 0.4 + 0.7 * Math.exp(-7 / 2) - 0.018 + 0.016 * (e - 6)),
  });
  for (const r of trace.epochs) if (r.epoch > 6) r.metrics.val_accuracy = trace.epochs[6].metrics.val_accuracy - 0.004 * (r.epoch - 6);
  trace.data.classCounts = [400, 400, 400]; // plenty of samples for its 1,440 parameters
  return trace;
}









// ---------------------------------------------------------------- underfitting

/** A model stuck at the class-prior loss: it learns nothing from the inputs. */
export function stuckTrace(epochs = 50): TrainingTrace {
  const rand = noise(3);
  const wobble = Array.from({ length: epochs + 1 }, () => 1 + 0.003 * rand());
  return healthyTrace({ epochs, loss: (t) => Math.log(3) * 1.02 * wobble[Math.floor(t)], valLoss: () => Math.log(3) * 1.01, accuracy: (e) => 0.34 + 0.01 * (e % 2) });
}







// ---------------------------------------------------------------- loss-plateau

/** Progress for a few epochs, then a flat loss at a poor level (accuracy 0.6) with most of the run ahead. */
export function plateauTrace(): TrainingTrace {
  const rand = noise(5);
  const wobble = Array.from({ length: 61 }, () => 1 + 0.002 * rand());
  return healthyTrace({
    epochs: 60,
    loss: (t) => (0.7 + 0.4 * Math.exp(-t / 1.5)) * wobble[Math.floor(t)],
    valLoss: (e) => (0.75 + 0.4 * Math.exp(-(e + 1) / 1.5)) * wobble[e],
    accuracy: (e) => Math.min(0.6, 0.35 + 0.05 * e),
  });
}





// ---------------------------------------------------------------- oscillating-loss

/** A too-high learning rate: steps alternate ×1.5 / ×0.5, and the epoch loss jumps ±30 % around 0.4, never settling. */
export function oscillatingTrace(): TrainingTrace {
  return healthyTrace({
    epochs: 40,
    // cos(10πt) is ±1 on alternate steps (10 per epoch) and −1 mid-epoch, where the epoch loss is read.
    loss: (t) => 0.8 * (1 + 0.3 * (Math.floor(t) % 2 ? 1 : -1)) * (1 + 0.5 * Math.cos(10 * Math.PI * t)),
    valLoss: (e) => 0.45 * (1 + 0.3 * (e % 2 ? -1 : 1)),
    accuracy: (e) => 0.55 + 0.05 * (e % 2),
  });
}












// ---------------------------------------------------------------- through the registry (ALL_RULES)

export const CURVE_CODES = ['overfitting', 'underfitting', 'loss-plateau', 'oscillating-loss'];

export function runCodes(trace: TrainingTrace, codes = CURVE_CODES): Finding[] {
  return REGISTRY.filter((r) => codes.includes(r.meta.code)).flatMap((r) => r.check(trace, r.meta.defaultOptions));
}
