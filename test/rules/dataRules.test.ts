// Data checks before training (non-finite values, constant features, train/held-out duplicates, too few
// validation samples per class): the facts computed from prepared data, and each rule on healthy and
// faulty facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_RULES } from '../../src/engine/diagnostics/rules/index';
import { rule as nonFiniteData } from '../../src/engine/diagnostics/rules/non-finite-data';
import { rule as constantFeatures } from '../../src/engine/diagnostics/rules/constant-features';
import { rule as dataLeakage } from '../../src/engine/diagnostics/rules/data-leakage';
import { rule as tooFewPerClass } from '../../src/engine/diagnostics/rules/too-few-per-class';
import { healthyTrace } from '../traceBuilder';
import { DATA_RULES, traceOf, run, HEALTHY } from './dataRules.fixtures';

test('the data rules are registered as static rules with their public codes', () => {
  for (const code of ['non-finite-data', 'constant-features', 'data-leakage', 'too-few-per-class']) {
    const rule = ALL_RULES.find((r) => r.meta.code === code);
    assert.ok(rule, code);
    assert.equal(rule.meta.phase, 'static');
    assert.match(rule.meta.docs, /Fires/);
  }
  assert.equal(nonFiniteData.meta.defaultSeverity, 'error');
  for (const r of [constantFeatures, dataLeakage, tooFewPerClass]) assert.equal(r.meta.defaultSeverity, 'warning');
});

test('healthy data: no data finding, from real facts and from the baseline trace', () => {
  const trace = traceOf(HEALTHY());
  assert.deepEqual(trace.data.validationClassCounts, [20, 20, 20]);
  assert.equal(trace.data.constantFeatures?.count, 0);
  assert.deepEqual(trace.data.leakage?.splits.map((s) => s.duplicates), [0, 0]);
  for (const rule of DATA_RULES) {
    assert.deepEqual(run(rule, trace), [], rule.meta.code);
    // Traces without the new facts (older recordings, other tests' builders) stay silent.
    assert.deepEqual(run(rule, healthyTrace()), [], `${rule.meta.code} on a trace without data scan facts`);
  }
});
