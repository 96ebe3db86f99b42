// The unnormalized-inputs rule on healthy and faulty traces (see src/engine/diagnostics/rules/unnormalized-inputs.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LayerSpec } from '../traceBuilder';
import { rule as unnormalizedInputs } from '../../src/engine/diagnostics/rules/unnormalized-inputs';
import { staticTrace, run, one, traceOf, staticCodes, hidden } from './staticRules.fixtures';

test('unnormalized-inputs: feature scales 500× apart, without normalization', () => {
  const f = one(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [0, 0, 0, 0], featureStd: [1, 0.8, 1.2, 400] } }));
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.ok((f.evidence.scaleRatio as number) >= 100);
  assert.equal(f.evidence.maxStdFeature, 3);
  assert.match(f.fixes[0], /normalize/);
});

test('unnormalized-inputs: a large mean (raw pixel values 0–255)', () => {
  const f = one(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [120, 130, 110], featureStd: [60, 70, 65] } }));
  assert.match(f.message, /mean 130/);
  assert.ok(f.fixes.some((x) => /255/.test(x)));
});

test('unnormalized-inputs: silent when the engine normalized, or the raw features are already on a unit scale', () => {
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: true, featureMean: [120, 0], featureStd: [60, 0.01] } })), []);
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [0.5, -0.2, 0.1], featureStd: [1, 2, 0.5] } })), []);
  // Image-like: a few near-constant border pixels do not make the scales "differ".
  const std = Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? 0.01 : 0.3 + (i % 5) * 0.1));
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: std.map(() => 0.2), featureStd: std } })), []);
});

test('unnormalized-inputs: a constant column (its std is float noise) is left out of the scale ratio', () => {
  // A constant column of 15.5 has a float std of ~1e-16, not a scale: the ratio must not read "1.7e17×".
  const f = one(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [15.5, 0, 0], featureStd: [1.8e-15, 1, 300] } }));
  assert.ok((f.evidence.scaleRatio as number) < 1000, `ratio ${f.evidence.scaleRatio}`);
  assert.doesNotMatch(f.message, /e1\d×/);
  const constantOnly = run(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [15.5, 0.1, 0.2], featureStd: [1.8e-15, 1, 1.5] } }));
  assert.deepEqual(constantOnly, [], JSON.stringify(constantOnly));
});

test('unnormalized-inputs: raw features of very different scales, only when the engine did not normalize', () => {
  const raw = { normalized: false, featureMean: [0.1, 700, 5, 0.05, 1, 2, 3, 4], featureStd: [0.02, 300, 2, 0.01, 1, 1, 1, 1] };
  const out: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  assert.ok(staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', raw)).includes('unnormalized-inputs'));
  assert.ok(!staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', { ...raw, normalized: true })).includes('unnormalized-inputs'));
});
