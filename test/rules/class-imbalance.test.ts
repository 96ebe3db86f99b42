// The class-imbalance rule on healthy and faulty traces (see src/engine/diagnostics/rules/class-imbalance.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LayerSpec } from '../traceBuilder';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as classImbalance } from '../../src/engine/diagnostics/rules/class-imbalance';
import { staticTrace, run, one, traceOf, hidden } from './staticRules.fixtures';

test('class-imbalance: 25:1 between the largest and smallest class, with the counts in the message', () => {
  const f = one(classImbalance, staticTrace({ data: { classCounts: [500, 20, 30], chanceAccuracy: 500 / 550 } }));
  assert.equal(f.severity, 'warning');
  assert.equal(f.evidence.ratio, 25);
  assert.equal(f.evidence.smallestClass, 1);
  assert.match(f.message, /500, 20, 30/);
  assert.match(f.fixes[0], /[Ww]eight/);
});

test('class-imbalance: balanced, exactly 10:1, and an empty class are not reported', () => {
  assert.deepEqual(run(classImbalance, staticTrace()), []);
  assert.deepEqual(run(classImbalance, staticTrace({ data: { classCounts: [100, 10, 50] } })), []);
  assert.deepEqual(run(classImbalance, staticTrace({ data: { classCounts: [100, 0, 50] } })), []);
});

test('class-imbalance: beyond 10:1, with the counts in the message', () => {
  const out: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  const trace = traceOf([hidden, out], 'categoricalCrossentropy', { classCounts: [400, 30, 20] });
  const rule = REGISTRY.find((r) => r.meta.code === 'class-imbalance')!;
  const [finding] = rule.check(trace, rule.meta.defaultOptions);
  assert.ok(finding);
  assert.match(finding.message, /400/);
  assert.match(finding.message, /20/);
  assert.deepEqual(rule.check(traceOf([hidden, out], 'categoricalCrossentropy', { classCounts: [100, 50, 30] }), rule.meta.defaultOptions), []);
});
