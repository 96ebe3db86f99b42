// Training-curve rules (overfitting, underfitting, loss-plateau, oscillating-loss): silent on healthy runs of
// many shapes, and on faulty runs they fire with the right code, first-detection epoch and evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Rule, TrainingTrace } from '../src/engine/diagnostics/types';
import { healthyTrace } from './traceBuilder';
import { ALL_RULES as REGISTRY } from '../src/engine/diagnostics/rules/index';
import { rule as overfitting } from '../src/engine/diagnostics/rules/overfitting';
import { rule as underfitting } from '../src/engine/diagnostics/rules/underfitting';
import { rule as lossPlateau } from '../src/engine/diagnostics/rules/loss-plateau';
import { rule as oscillatingLoss } from '../src/engine/diagnostics/rules/oscillating-loss';
import { rule as lossActivationMismatch } from '../src/engine/diagnostics/rules/loss-activation-mismatch';
import { rule as unnormalizedInputs } from '../src/engine/diagnostics/rules/unnormalized-inputs';
import { rule as unnormalizedTargets } from '../src/engine/diagnostics/rules/unnormalized-targets';
import { rule as classImbalance } from '../src/engine/diagnostics/rules/class-imbalance';
import { rule as labelOutOfRange } from '../src/engine/diagnostics/rules/label-out-of-range';
import { rule as learningRateRange } from '../src/engine/diagnostics/rules/learning-rate-range';
import { settleFindings } from '../src/engine/diagnostics/settle';
import { findingFixLine, formatFinding } from '../src/cli/format';

const CURVE_RULES = [overfitting, underfitting, lossPlateau, oscillatingLoss] as Rule<object>[];
const ALL_RULES = [...CURVE_RULES, lossActivationMismatch, unnormalizedInputs, unnormalizedTargets, classImbalance, labelOutOfRange, learningRateRange] as Rule<object>[];

function findings(trace: TrainingTrace, rules: Rule<object>[] = ALL_RULES): Finding[] {
  return rules.flatMap((r) => r.check(trace, r.meta.defaultOptions));
}

function only(trace: TrainingTrace, code: string): Finding {
  const found = findings(trace, CURVE_RULES);
  assert.deepEqual(found.map((f) => f.code), [code], JSON.stringify(found.map((f) => f.message)));
  return found[0];
}

/** Deterministic noise in [-1, 1]. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return 2 * (s / 2147483647) - 1;
  };
}

/** Every prefix of the trace (as the engine sees it epoch by epoch) gives no finding. */
function assertSilentThroughout(trace: TrainingTrace): void {
  for (let e = 1; e <= trace.epochs.length; e++) {
    const prefix = { ...trace, epochs: trace.epochs.slice(0, e), steps: trace.steps.filter((s) => s.epoch < e) };
    const found = findings(prefix);
    assert.deepEqual(found.map((f) => `${f.code}: ${f.message}`), [], `after epoch ${e}`);
  }
}

// ---------------------------------------------------------------- healthy runs

test('healthy: the default run gives no finding from any rule', () => {
  assertSilentThroughout(healthyTrace());
});

test('healthy: fast convergence to near zero, long run', () => {
  assertSilentThroughout(healthyTrace({
    epochs: 50,
    loss: (t) => 0.02 + 1.0 * Math.exp(-t / 1.5),
    valLoss: (e) => 0.04 + 1.0 * Math.exp(-(e + 1) / 1.5),
    accuracy: (e) => Math.min(0.995, 0.6 + 0.4 * (1 - Math.exp(-e / 1.5))),
  }));
});

test('healthy: slow steady convergence over 100 epochs', () => {
  assertSilentThroughout(healthyTrace({
    epochs: 100,
    loss: (t) => 0.3 + 0.8 * Math.exp(-t / 30),
    valLoss: (e) => (0.3 + 0.8 * Math.exp(-(e + 1) / 30)) * 1.1,
    accuracy: (e) => 0.4 + 0.5 * (1 - Math.exp(-e / 30)),
  }));
});

test('healthy: noisy mini-batch losses (heavy-tailed batches, epoch loss = their mean)', () => {
  const trace = healthyTrace({ epochs: 40, stepsPerEpoch: 30, loss: (t) => 0.05 + 1.05 * Math.exp(-t / 5), accuracy: (e) => Math.min(0.98, 0.45 + 0.5 * (1 - Math.exp(-e / 4))) });
  const rand = noise(7);
  for (const s of trace.steps) {
    // Batch losses spread ±40 %, and one batch in ten is 3× the level (a few hard samples).
    const spike = rand() > 0.8 ? 3 : 1;
    s.loss *= (1 + 0.4 * rand()) * spike;
  }
  for (const r of trace.epochs) {
    const own = trace.steps.filter((s) => s.epoch === r.epoch).map((s) => s.loss);
    r.metrics.loss = own.reduce((a, b) => a + b, 0) / own.length;
  }
  assertSilentThroughout(trace);
});

test('healthy: validation loss flattens (with noise) while training loss keeps falling', () => {
  const rand = noise(11);
  const wobble = Array.from({ length: 60 }, () => 1 + 0.04 * rand());
  assertSilentThroughout(healthyTrace({
    epochs: 60,
    loss: (t) => 0.1 + 1.0 * Math.exp(-t / 8),
    valLoss: (e) => (0.45 + 0.7 * Math.exp(-(e + 1) / 4)) * wobble[e],
    accuracy: (e) => Math.min(0.97, 0.45 + 0.5 * (1 - Math.exp(-e / 5))),
  }));
});

test('healthy: short runs of 5 epochs', () => {
  assertSilentThroughout(healthyTrace({ epochs: 5 }));
  assertSilentThroughout(healthyTrace({ epochs: 5, loss: (t) => 0.4 + 0.7 * Math.exp(-t / 3), accuracy: (e) => 0.45 + 0.1 * e }));
});

test('healthy: regression converging on noisy data (no accuracy metric) is not a plateau', () => {
  const trace = healthyTrace({ epochs: 80, loss: (t) => 0.4 + 0.6 * Math.exp(-t / 6), valLoss: (e) => 0.5 + 0.5 * Math.exp(-(e + 1) / 6) });
  trace.config.lossName = 'meanSquaredError';
  trace.layers[2] = { ...trace.layers[2], activation: 'linear', activationKind: 'linear' };
  trace.data = { ...trace.data, task: 'regression', targetLayout: 'regression', numClasses: undefined, classCounts: undefined, chanceAccuracy: undefined, trivialLoss: 1, targetMean: 0, targetStd: 1, labelMin: undefined, labelMax: undefined };
  for (const r of trace.epochs) { delete r.metrics.accuracy; delete r.metrics.val_accuracy; }
  assertSilentThroughout(trace);
});

// ---------------------------------------------------------------- overfitting

/** Training loss keeps falling; validation loss is lowest at epoch 6 (0-based) and then climbs 4 % per epoch, its accuracy slipping. */
function overfittingTrace(): TrainingTrace {
  const trace = healthyTrace({
    epochs: 40,
    loss: (t) => 0.05 + 1.0 * Math.exp(-t / 4),
    valLoss: (e) => (e <= 6 ? 0.4 + 0.7 * Math.exp(-(e + 1) / 2) - 0.003 * e : 0.4 + 0.7 * Math.exp(-7 / 2) - 0.018 + 0.016 * (e - 6)),
  });
  for (const r of trace.epochs) if (r.epoch > 6) r.metrics.val_accuracy = trace.epochs[6].metrics.val_accuracy - 0.004 * (r.epoch - 6);
  trace.data.classCounts = [400, 400, 400]; // plenty of samples for its 1,440 parameters
  return trace;
}

test('overfitting: with ≥ 10 parameters per training sample the finding points at the data line and puts more data first', () => {
  const trace = overfittingTrace();
  trace.data.classCounts = [40, 40, 40];
  const f = only(trace, 'overfitting');
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.equal(f.evidence.paramsPerSample, 12);
  assert.match(f.fixes[0], /more training data/);
  assert.match(f.message, /120 training samples/);
});

test('overfitting: fires 5 epochs after the best validation epoch, naming it', () => {
  const f = only(overfittingTrace(), 'overfitting');
  assert.equal(f.epoch, 11);
  assert.equal(f.step, 119);
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.target, { kind: 'config', key: 'model' });
  assert.equal(f.evidence.bestEpoch, 6);
  assert.ok((f.evidence.rise as number) >= 0.1);
  assert.ok((f.evidence.gap as number) > 0.25);
  assert.match(f.message, /lowest at epoch 7/);
  assert.match(f.message, /40 planned epochs/);
  assert.match(f.fixes[0], /early stopping/i);
});

test('overfitting: the first detection does not move as the run goes on', () => {
  const trace = overfittingTrace();
  const prefix = { ...trace, epochs: trace.epochs.slice(0, 12), steps: trace.steps.filter((s) => s.epoch < 12) };
  assert.equal(overfitting.check(prefix, overfitting.meta.defaultOptions)[0]?.epoch, 11);
  assert.deepEqual(overfitting.check({ ...trace, epochs: trace.epochs.slice(0, 11) }, overfitting.meta.defaultOptions), []);
});

test('overfitting: a single rising epoch of validation loss is ignored', () => {
  const base = healthyTrace({ epochs: 30 });
  for (const spikeAt of [8, 15, 29]) {
    const trace = healthyTrace({ epochs: 30 });
    trace.epochs[spikeAt].metrics.val_loss = base.epochs[spikeAt].metrics.val_loss * 1.6;
    assert.deepEqual(findings(trace), [], `spike at epoch ${spikeAt}`);
  }
});

test('overfitting: validation loss rising for only 3 epochs, then recovering, is ignored', () => {
  const trace = healthyTrace({ epochs: 30, valLoss: (e) => (0.2 + 0.9 * Math.exp(-(e + 1) / 4)) * 1.08 * (e >= 10 && e <= 12 ? 1 + 0.1 * (e - 9) : 1) });
  assert.deepEqual(findings(trace), []);
});

test('overfitting: a validation loss that zigzags (instability) while training loss falls is not overfitting', () => {
  const trace = healthyTrace({ epochs: 30, valLoss: (e) => (e < 4 ? 0.8 - 0.1 * e : 0.45 * (1 + 0.5 * (e % 2 ? 1 : -1)) + 0.01 * e) });
  assert.deepEqual(overfitting.check(trace, overfitting.meta.defaultOptions), []);
});

test('overfitting: a validation loss creeping up from a tiny level while validation accuracy holds its best is not reported', () => {
  // Measured on a healthy wine classifier: val loss 0.059 → 0.085 over 25 epochs, val accuracy 97.8 % throughout.
  const trace = healthyTrace({ epochs: 40, loss: (t) => 0.002 + 1.0 * Math.exp(-t / 3), valLoss: (e) => (e < 15 ? 0.059 + 0.6 * Math.exp(-e / 2) : 0.059 + 0.001 * (e - 15)) });
  for (const r of trace.epochs) r.metrics.val_accuracy = Math.min(0.978, 0.78 + 0.05 * r.epoch);
  assert.deepEqual(findings(trace, [overfitting] as Rule<object>[]), []);
});

test('overfitting: needs a validation split', () => {
  const trace = overfittingTrace();
  trace.config.hasValidation = false;
  assert.deepEqual(overfitting.check(trace, overfitting.meta.defaultOptions), []);
});

// ---------------------------------------------------------------- underfitting

/** A model stuck at the class-prior loss: it learns nothing from the inputs. */
function stuckTrace(epochs = 50): TrainingTrace {
  const rand = noise(3);
  const wobble = Array.from({ length: epochs + 1 }, () => 1 + 0.003 * rand());
  return healthyTrace({ epochs, loss: (t) => Math.log(3) * 1.02 * wobble[Math.floor(t)], valLoss: () => Math.log(3) * 1.01, accuracy: (e) => 0.34 + 0.01 * (e % 2) });
}

test('underfitting: a loss stuck at the trivial level is reported at the end of the warm-up (20 % of epochs)', () => {
  const f = only(stuckTrace(50), 'underfitting');
  assert.equal(f.epoch, 9);
  assert.deepEqual(f.target, { kind: 'config', key: 'model' });
  assert.equal(f.evidence.warmupEpochs, 10);
  assert.equal(f.evidence.byLoss, true);
  assert.ok(Math.abs((f.evidence.lossRatio as number) - 1.02) < 0.01);
  assert.match(f.message, /After 10 of 50 epochs/);
  assert.match(f.fixes[0], /larger model/);
});

test('underfitting: short runs use a warm-up of at least 3 epochs', () => {
  assert.equal(only(stuckTrace(5), 'underfitting').epoch, 2);
});

test('underfitting: accuracy at chance with the loss only slightly lower also counts', () => {
  const trace = healthyTrace({ epochs: 30, loss: () => Math.log(3) * 0.8, valLoss: () => Math.log(3) * 0.82, accuracy: () => 0.35 });
  const f = only(trace, 'underfitting');
  assert.equal(f.epoch, 5);
  assert.equal(f.evidence.byAccuracy, true);
  assert.equal(f.evidence.byLoss, false);
});

test('underfitting: a loss that was lower and came back up blames the learning rate', () => {
  const trace = healthyTrace({ epochs: 40, loss: (t) => (t < 4 ? 1.1 - 0.1 * t : Math.min(1.12, 0.7 + 0.1 * (t - 4))), valLoss: (e) => (e < 4 ? 1.1 - 0.1 * e : Math.min(1.12, 0.7 + 0.1 * (e - 4))), accuracy: () => 0.36 });
  const f = only(trace, 'underfitting');
  assert.equal(f.evidence.regressed, true);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.match(f.fixes[0], /Lower the learning rate/);
});

test('underfitting: points at the setting that cripples training: heavy dropout first, then a heavy L2 penalty, then a full batch', () => {
  const withLayers = (bend: (t: TrainingTrace) => void, epochs = 50) => {
    const t = stuckTrace(epochs);
    bend(t);
    return only(t, 'underfitting');
  };
  const dropout = withLayers((t) => Object.assign(t.layers[1], { dropoutRate: 0.9, dropoutOption: 'rate' }));
  assert.deepEqual(dropout.target, { kind: 'layer', layer: 'dense_2', option: 'rate' });
  assert.match(dropout.fixes[0], /Lower the dropout rate of layer dense_2/);
  const l2 = withLayers((t) => { t.layers[0].kernelL2 = 0.1; t.layers[1].kernelL2 = 1; });
  assert.deepEqual(l2.target, { kind: 'layer', layer: 'dense_2', option: 'kernelRegularizer' });
  assert.match(l2.message, /L2 penalty of 1/);
  assert.match(l2.fixes[0], /Lower the L2 penalty of layer dense_2/);
  assert.ok(!l2.fixes.some((f) => /Remove excessive regularization/.test(f)), 'the generic advice is replaced by the specific one');
  const small = withLayers((t) => { t.layers[0].initialKernelVsGlorot = 0.9; t.layers[0].initialRecurrentVsGlorot = 0.2; t.layers[2].initialKernelVsGlorot = 0.01; });
  assert.deepEqual(small.target, { kind: 'layer', layer: 'dense_1', option: 'recurrentInitializer' }, 'the output layer, started small on purpose by some, is not blamed');
  assert.match(small.fixes[0], /orthogonal/);
  assert.equal(small.fixes[small.fixes.length - 1], small.fixes.find((f) => /larger model/.test(f)), 'a larger model is the last thing to try');
  const fullBatch = withLayers((t) => { t.config.stepsPerEpoch = 1; t.config.batchSize = 2048; });
  assert.deepEqual(fullBatch.target, { kind: 'config', key: 'batchSize' });
  assert.match(fullBatch.message, /single update: 50 epochs make only 50 steps/);
  // Ordinary settings: a light L2 (1e-3), a moderate dropout, many full-batch epochs leave the finding on the model.
  const ordinary = withLayers((t) => { t.layers[0].kernelL2 = 1e-3; t.layers[1].dropoutRate = 0.5; t.config.stepsPerEpoch = 1; }, 250);
  assert.deepEqual(ordinary.target, { kind: 'config', key: 'model' });
});

test('underfitting: a slowly but clearly learning model is not reported', () => {
  assert.deepEqual(findings(healthyTrace({ epochs: 50, loss: (t) => 0.3 + 0.8 * Math.exp(-t / 12), accuracy: (e) => 0.4 + 0.5 * (1 - Math.exp(-e / 12)) })), []);
});

// ---------------------------------------------------------------- loss-plateau

/** Progress for a few epochs, then a flat loss at a poor level (accuracy 0.6) with most of the run ahead. */
function plateauTrace(): TrainingTrace {
  const rand = noise(5);
  const wobble = Array.from({ length: 61 }, () => 1 + 0.002 * rand());
  return healthyTrace({
    epochs: 60,
    loss: (t) => (0.7 + 0.4 * Math.exp(-t / 1.5)) * wobble[Math.floor(t)],
    valLoss: (e) => (0.75 + 0.4 * Math.exp(-(e + 1) / 1.5)) * wobble[e],
    accuracy: (e) => Math.min(0.6, 0.35 + 0.05 * e),
  });
}

test('loss-plateau: a stall at a poor level early in the run is reported on the learning rate', () => {
  const f = only(plateauTrace(), 'loss-plateau');
  assert.equal(f.epoch, 12);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.ok((f.evidence.improvement as number) < 0.01);
  assert.equal(f.evidence.remainingEpochs, 47);
  assert.equal(f.evidence.valTracksTrain, true);
  assert.match(f.message, /stalled at 0\.7/);
  assert.match(f.fixes[0], /learning rate/);
  assert.match(f.fixes[1], /larger model/);
});

test('loss-plateau: not reported in the last 20 % of the epochs', () => {
  const trace = healthyTrace({ epochs: 20, loss: (t) => (t < 15 ? 1.1 - 0.03 * t : 0.65), accuracy: () => 0.6 });
  assert.deepEqual(lossPlateau.check(trace, lossPlateau.meta.defaultOptions), []);
});

test('loss-plateau: a loss stuck at the trivial level is left to underfitting', () => {
  assert.deepEqual(lossPlateau.check(stuckTrace(50), lossPlateau.meta.defaultOptions), []);
});

test('loss-plateau: a converged model with good accuracy is not a plateau', () => {
  const trace = healthyTrace({ epochs: 60, loss: (t) => 0.15 + 0.9 * Math.exp(-t / 2), accuracy: (e) => Math.min(0.95, 0.5 + 0.1 * e) });
  assert.deepEqual(lossPlateau.check(trace, lossPlateau.meta.defaultOptions), []);
});

// ---------------------------------------------------------------- oscillating-loss

/** A too-high learning rate: steps alternate ×1.5 / ×0.5, and the epoch loss jumps ±30 % around 0.4, never settling. */
function oscillatingTrace(): TrainingTrace {
  return healthyTrace({
    epochs: 40,
    // cos(10πt) is ±1 on alternate steps (10 per epoch) and −1 mid-epoch, where the epoch loss is read.
    loss: (t) => 0.8 * (1 + 0.3 * (Math.floor(t) % 2 ? 1 : -1)) * (1 + 0.5 * Math.cos(10 * Math.PI * t)),
    valLoss: (e) => 0.45 * (1 + 0.3 * (e % 2 ? -1 : 1)),
    accuracy: (e) => 0.55 + 0.05 * (e % 2),
  });
}

test('oscillating-loss: an epoch loss that keeps jumping up and down is reported by epoch 6', () => {
  const f = only(oscillatingTrace(), 'oscillating-loss');
  assert.equal(f.epoch, 5);
  assert.equal(f.step, 59);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.ok((f.evidence.swing as number) >= 0.1);
  assert.equal(f.evidence.reversals, 1);
  assert.ok((f.evidence.stepSwing as number) > 0.3);
  assert.match(f.message, /epochs 1–6/);
  assert.match(f.fixes[0], /Lower the learning rate/);
});

test('oscillating-loss: alternating mini-batch losses with a smooth falling epoch loss are not an oscillation', () => {
  const trace = healthyTrace({ epochs: 30 });
  trace.steps.forEach((s, i) => { s.loss *= i % 2 ? 1.8 : 0.4; });
  assert.deepEqual(findings(trace), []);
});

test('oscillating-loss: swings of an almost-zero loss do not count', () => {
  const trace = healthyTrace({ epochs: 40, loss: (t) => 0.01 * (1 + 0.5 * (Math.floor(t) % 2 ? 1 : -1)) + (t < 3 ? 1 - t / 3 : 0), accuracy: () => 0.99 });
  assert.deepEqual(oscillatingLoss.check(trace, oscillatingLoss.meta.defaultOptions), []);
});

test('overfitting: a memorized training set (train loss ~0, validation 5000× higher, 100 % vs 90 %) is reported although the validation loss barely rises', () => {
  const trace = healthyTrace({ epochs: 100, loss: (t) => 1.1 * Math.exp(-t / 3) + 7e-5, valLoss: (e) => 0.408 + 0.0004 * e + 0.5 * Math.exp(-e / 2) });
  for (const r of trace.epochs) { r.metrics.accuracy = Math.min(1, 0.5 + 0.1 * r.epoch); r.metrics.val_accuracy = Math.min(0.9, 0.45 + 0.09 * r.epoch); }
  const f = only(trace, 'overfitting');
  assert.equal(f.evidence.test, 'generalization-gap');
  assert.ok((f.epoch ?? 99) < 20, `first seen at epoch ${f.epoch}`);
  assert.ok((f.evidence.lossRatio as number) >= 5);
  assert.equal(typeof f.evidence.gapOpenedEpoch, 'number');
  assert.match(f.message, /memorizes/);
  assert.doesNotMatch(f.fixes[0], /early stopping/i, 'stopping early does not help a model that never generalized');
});

test('overfitting: a good model whose training loss reaches ~0 while validation stays low and close in accuracy is not memorizing', () => {
  const trace = healthyTrace({ epochs: 60, loss: (t) => 1.1 * Math.exp(-t / 3) + 0.005, valLoss: (e) => 0.06 + 0.9 * Math.exp(-e / 3) });
  for (const r of trace.epochs) { r.metrics.accuracy = Math.min(1, 0.5 + 0.1 * r.epoch); r.metrics.val_accuracy = Math.min(0.97, 0.45 + 0.09 * r.epoch); }
  assert.deepEqual(findings(trace, [overfitting] as Rule<object>[]), []);
});

test('underfitting: an early plateau the model then leaves is marked resolved at the run\'s end, from the epoch it left', () => {
  // A recurrent classifier's usual start: 8 epochs at the class prior, then it learns to 100 %.
  const stuck = (e: number) => e < 8;
  const trace = healthyTrace({ epochs: 30, loss: (t) => (stuck(t) ? Math.log(3) * 1.01 : 0.02 + Math.log(3) * Math.exp(-(t - 8))), valLoss: (e) => (stuck(e) ? Math.log(3) : 0.03 + Math.exp(-(e - 8))), accuracy: (e) => (stuck(e) ? 0.34 : 1) });
  const found = underfitting.check(trace, underfitting.meta.defaultOptions);
  assert.equal(found.length, 1);
  assert.ok(!found[0].resolved, 'not resolved while the run goes on');
  settleFindings(found, trace, REGISTRY);
  assert.equal(found.map((f) => f.resolved?.epoch)[0], 8);
  assert.match(formatFinding(found[0]), /resolved \(from epoch 9\) underfitting/);
  assert.equal(findingFixLine(found[0]), '', 'no advice under a finding that went away');
  // Still stuck at the end: stays standing.
  const still = stuckTrace(30);
  const standing = underfitting.check(still, underfitting.meta.defaultOptions);
  settleFindings(standing, still, REGISTRY);
  assert.equal(standing[0].resolved, undefined);
});

test('a symptom that a cause explains is folded into it at the end: it names the cause and its line, and takes the cause\'s fixes', () => {
  const trace = stuckTrace(30);
  const symptom = only(trace, 'underfitting');
  const cause: Finding = {
    code: 'vanishing-gradient', severity: 'warning', message: 'The gradient vanishes before reaching layer dense_1', target: { kind: 'layer', layer: 'dense_1' }, layer: 'dense_1',
    location: { file: '/m.model.ts', line: 12, column: 7 }, epoch: 2, evidence: {}, fixes: ['Use ReLU instead of sigmoid', 'Use He initialization'],
  };
  const list = [symptom, cause];
  settleFindings(list, trace, REGISTRY);
  assert.deepEqual(symptom.explainedBy, { code: 'vanishing-gradient', line: 12, layer: 'dense_1' });
  assert.match(symptom.message, /cause is vanishing-gradient \(layer dense_1, line 12\)/);
  assert.match(symptom.fixes[0], /^Fix vanishing-gradient .*line 12.*: Use ReLU/);
  assert.ok(symptom.fixes.every((f) => !/larger model/i.test(f)), symptom.fixes.join(' | '));
  // Every rule that names a cause lists the symptoms it explains; symptoms explain nothing.
  for (const rule of REGISTRY) {
    if (['underfitting', 'loss-plateau', 'overfitting', 'constant-features', 'too-few-per-class', 'data-leakage'].includes(rule.meta.code)) assert.equal(rule.meta.explains, undefined, rule.meta.code);
    else assert.deepEqual(rule.meta.explains, ['underfitting', 'loss-plateau'], rule.meta.code);
  }
});

test('underfitting: a training set learned while validation stays at chance (labels that do not follow from the features) points at the data', () => {
  const trace = healthyTrace({ epochs: 40, loss: (t) => Math.log(3) * Math.exp(-t / 15), valLoss: (e) => Math.log(3) * (1.02 + 0.01 * e) });
  for (const r of trace.epochs) { r.metrics.accuracy = Math.min(0.95, 0.4 + 0.03 * r.epoch); r.metrics.val_accuracy = 0.33 + 0.01 * (r.epoch % 2); }
  const f = only(trace, 'underfitting');
  assert.equal(f.evidence.split, 'validation');
  assert.equal(f.evidence.memorizing, true);
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.match(f.fixes[0], /labels belong to their rows/);
  assert.ok((f.epoch ?? 99) <= 10, `epoch ${f.epoch}`);
});

test('overfitting: a climb the validation loss later comes back from is marked resolved at the end', () => {
  const trace = overfittingTrace();
  // From epoch 20 the validation loss falls again, below its earlier best.
  for (const r of trace.epochs) if (r.epoch >= 20) r.metrics.val_loss = 0.3 - 0.001 * r.epoch;
  const found = overfitting.check(trace, overfitting.meta.defaultOptions);
  assert.equal(found.length, 1);
  settleFindings(found, trace, REGISTRY);
  assert.equal(found.map((f) => f.resolved?.epoch)[0], 20);
  const standing = overfitting.check(overfittingTrace(), overfitting.meta.defaultOptions);
  settleFindings(standing, overfittingTrace(), REGISTRY);
  assert.equal(standing[0].resolved, undefined);
});

test('oscillating-loss: a bouncing training loss (dropout) while the validation loss keeps falling is not an oscillation', () => {
  const trace = healthyTrace({
    epochs: 40,
    loss: (t) => 0.8 * (1 + 0.3 * (Math.floor(t) % 2 ? 1 : -1)),
    valLoss: (e) => 1.0 * Math.exp(-e / 12),
    accuracy: (e) => 0.55 + 0.01 * e,
  });
  assert.deepEqual(oscillatingLoss.check(trace, oscillatingLoss.meta.defaultOptions), []);
});

test('every curve rule documents its thresholds and has a training phase', () => {
  for (const r of CURVE_RULES) {
    assert.equal(r.meta.phase, 'training');
    assert.ok(r.meta.docs.length > 300, r.meta.code);
    assert.ok(r.meta.fixes.length >= 3, r.meta.code);
  }
});

// ---------------------------------------------------------------- through the registry (ALL_RULES)

const CURVE_CODES = ['overfitting', 'underfitting', 'loss-plateau', 'oscillating-loss'];

function runCodes(trace: TrainingTrace, codes = CURVE_CODES): Finding[] {
  return REGISTRY.filter((r) => codes.includes(r.meta.code)).flatMap((r) => r.check(trace, r.meta.defaultOptions));
}

test('healthy curves of several shapes report nothing', () => {
  const shapes: [string, TrainingTrace][] = [
    ['fast convergence', healthyTrace({ loss: (t) => 0.05 + 2 * Math.exp(-t) })],
    ['slow steady convergence', healthyTrace({ epochs: 40, loss: (t) => 0.2 + 0.9 * Math.exp(-t / 15) })],
    ['validation flattens', healthyTrace({ valLoss: (e) => 0.35 + 0.9 * Math.exp(-(e + 1) / 3) })],
    ['short run', healthyTrace({ epochs: 5 })],
    ['long run', healthyTrace({ epochs: 60, loss: (t) => 0.1 + Math.exp(-t / 8) })],
  ];
  for (const [name, trace] of shapes) assert.deepEqual(runCodes(trace).map((f) => f.code), [], name);
});

test('overfitting: validation loss rising for 5 epochs while training loss falls; the best epoch is reported', () => {
  const trace = healthyTrace({
    epochs: 40,
    loss: (t) => 0.02 + Math.exp(-t / 4),
    valLoss: (e) => (e <= 8 ? 0.3 + Math.exp(-(e + 1) / 4) : 0.3 + Math.exp(-9 / 4) + 0.06 * (e - 8)),
  });
  const found = runCodes(trace, ['overfitting']);
  assert.equal(found.length, 1);
  assert.equal(found[0].code, 'overfitting');
  assert.ok(found[0].epoch! >= 12 && found[0].epoch! <= 15, `first seen at epoch ${found[0].epoch}`);
  assert.match(found[0].message, /9/);
});

test('overfitting ignores a single rising epoch', () => {
  const trace = healthyTrace({ valLoss: (e) => (e === 6 ? 0.9 : 0.25 + Math.exp(-(e + 1) / 4)) });
  assert.deepEqual(runCodes(trace, ['overfitting']), []);
});

test('underfitting: a training loss that stays at the class prior', () => {
  const trivial = Math.log(3);
  const trace = healthyTrace({ loss: () => trivial * 0.99, valLoss: () => trivial, accuracy: () => 0.34 });
  const found = runCodes(trace, ['underfitting']);
  assert.equal(found.length, 1);
  assert.ok(found[0].epoch! <= 5, `first seen at epoch ${found[0].epoch}`);
});

test('loss plateau: progress, then a flat loss far from converged, early in the run', () => {
  const trace = healthyTrace({ epochs: 40, loss: (t) => (t < 3 ? 1.1 - 0.15 * t : 0.65), valLoss: (e) => (e < 3 ? 1.15 - 0.15 * e : 0.7), accuracy: (e) => (e < 3 ? 0.5 + 0.05 * e : 0.65) });
  const found = runCodes(trace, ['loss-plateau']);
  assert.equal(found.length, 1);
  assert.equal(found[0].target.kind, 'config');
  assert.ok(found[0].epoch! <= 10, `first seen at epoch ${found[0].epoch}`);
});

test('oscillating loss: epoch losses jumping up and down around a level', () => {
  const trace = healthyTrace({ epochs: 30, loss: (t) => 1.6 + (Math.floor(t) % 2 === 0 ? 0.5 : -0.5), valLoss: (e) => 1.7 + (e % 2 === 0 ? 0.5 : -0.4), accuracy: () => 0.4 });
  const found = runCodes(trace, ['oscillating-loss']);
  assert.equal(found.length, 1);
  assert.equal(found[0].target.kind, 'config');
});
