// Static rules (before training, on layers, config and data facts): each fires on a faulty setup and stays
// silent on the correct one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as unnormalizedInputs } from '../../src/engine/diagnostics/rules/unnormalized-inputs';
import { STATIC_RULES, staticTrace, run, traceOf, staticCodes, hidden } from './staticRules.fixtures';

test('a correct classifier setup gives no static finding', () => {
  for (const rule of STATIC_RULES) assert.deepEqual(run(rule, staticTrace()), [], rule.meta.code);
});

test('unnormalized-inputs and constant-features: silent for token ids that feed an Embedding', () => {
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: false, featuresAreIds: true, featureMean: [15.5, 3], featureStd: [8, 0.5] } })), []);
  const constantFeatures = REGISTRY.find((r) => r.meta.code === 'constant-features')!;
  const facts = { features: 12, count: 4, indices: [0, 1, 2, 3] };
  assert.equal(run(constantFeatures, staticTrace({ data: { constantFeatures: facts } })).length, 1);
  assert.deepEqual(run(constantFeatures, staticTrace({ data: { constantFeatures: facts, featuresAreIds: true } })), []);
});

test('every static rule documents its thresholds and has the static phase', () => {
  for (const r of STATIC_RULES) {
    assert.equal(r.meta.phase, 'static');
    assert.ok(r.meta.docs.length > 200, r.meta.code);
    assert.ok(r.meta.fixes.length >= 1, r.meta.code);
  }
});

test('correct setups report nothing: softmax + CCE, sigmoid + BCE, linear + MSE on standardized targets', () => {
  assert.deepEqual(staticCodes(traceOf([hidden, { name: 'out', activation: 'softmax', inputs: 16, units: 3 }], 'categoricalCrossentropy')), []);
  assert.deepEqual(staticCodes(traceOf([hidden, { name: 'out', activation: 'sigmoid', inputs: 16, units: 1 }], 'binaryCrossentropy', { numClasses: 2, classCounts: [50, 60], targetLayout: 'binary', labelMin: 0, labelMax: 1 })), []);
  assert.deepEqual(staticCodes(traceOf([hidden, { name: 'out', activation: 'linear', inputs: 16, units: 1 }], 'meanSquaredError', { task: 'regression', numClasses: undefined, classCounts: undefined, targetLayout: 'regression', targetMean: 0, targetStd: 1, labelMin: undefined, labelMax: undefined })), []);
});
