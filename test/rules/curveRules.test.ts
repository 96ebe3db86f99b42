// Training-curve rules (overfitting, underfitting, loss-plateau, oscillating-loss): silent on healthy runs of
// many shapes, and on faulty runs they fire with the right code, first-detection epoch and evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, TrainingTrace } from '../../src/engine/diagnostics/types';
import { healthyTrace } from '../traceBuilder';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as overfitting } from '../../src/engine/diagnostics/rules/overfitting';
import { rule as underfitting } from '../../src/engine/diagnostics/rules/underfitting';
import { settleFindings } from '../../src/engine/diagnostics/settle';
import { CURVE_RULES, only, noise, assertSilentThroughout, stuckTrace, runCodes } from './curveRules.fixtures';

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

test('every curve rule documents its thresholds and has a training phase', () => {
  for (const r of CURVE_RULES) {
    assert.equal(r.meta.phase, 'training');
    assert.ok(r.meta.docs.length > 300, r.meta.code);
    assert.ok(r.meta.fixes.length >= 3, r.meta.code);
  }
});

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

test('overfitting ignores a single rising epoch', () => {
  const trace = healthyTrace({ valLoss: (e) => (e === 6 ? 0.9 : 0.25 + Math.exp(-(e + 1) / 4)) });
  assert.deepEqual(runCodes(trace, ['overfitting']), []);
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
