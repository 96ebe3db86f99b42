// The overfitting rule on healthy and faulty traces (see src/engine/diagnostics/rules/overfitting.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../../src/engine/diagnostics/types';
import { healthyTrace } from '../traceBuilder';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as overfitting } from '../../src/engine/diagnostics/rules/overfitting';
import { settleFindings } from '../../src/engine/diagnostics/settle';
import { findings, only, overfittingTrace, runCodes } from './curveRules.fixtures';

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
