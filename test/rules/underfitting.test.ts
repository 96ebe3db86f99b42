// The underfitting rule on healthy and faulty traces (see src/engine/diagnostics/rules/underfitting.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainingTrace } from '../../src/engine/diagnostics/types';
import { healthyTrace } from '../traceBuilder';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as underfitting } from '../../src/engine/diagnostics/rules/underfitting';
import { settleFindings } from '../../src/engine/diagnostics/settle';
import { findingFixLine, formatFinding } from '../../src/cli/format';
import { findings, only, stuckTrace, runCodes } from './curveRules.fixtures';

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
  const decay = withLayers((t) => { t.config.optimizerName = 'adamw'; t.config.learningRate = 3e-3; t.config.weightDecay = 10; });
  assert.deepEqual(decay.target, { kind: 'config', key: 'optimizer' });
  assert.match(decay.message, /shrinks every weight by 3(\.0)?% each step/);
  assert.match(decay.fixes[0], /Lower weightDecay/);
  const usualDecay = withLayers((t) => { t.config.learningRate = 1e-3; t.config.weightDecay = 1e-2; });
  assert.deepEqual(usualDecay.target, { kind: 'config', key: 'model' }, 'AdamW\'s usual decay is no cause');
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

test('underfitting: a training loss that stays at the class prior', () => {
  const trivial = Math.log(3);
  const trace = healthyTrace({ loss: () => trivial * 0.99, valLoss: () => trivial, accuracy: () => 0.34 });
  const found = runCodes(trace, ['underfitting']);
  assert.equal(found.length, 1);
  assert.ok(found[0].epoch! <= 5, `first seen at epoch ${found[0].epoch}`);
});
