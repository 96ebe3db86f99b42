// The constant-features rule on healthy and faulty traces (see src/engine/diagnostics/rules/constant-features.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanData } from '../../src/engine/diagnostics/facts';
import { rule as constantFeatures } from '../../src/engine/diagnostics/rules/constant-features';
import { traceOf, withFacts, run, one, HEALTHY } from './dataRules.fixtures';

test('constant-features: one constant column of a narrow table fires, with its index', () => {
  const data = HEALTHY();
  for (let i = 0; i < data.train.count; i++) data.train.x[i * 4 + 3] = 7.5;
  const f = one(constantFeatures, traceOf(data));
  assert.equal(f.evidence.constantFeatures, 1);
  assert.equal(f.evidence.columns, '3');
  assert.match(f.message, /1 of 4 input features is constant .*column 3/);
  // Varying only in validation does not help: training never sees it vary.
  assert.equal(scanData(data).constantFeatures.count, 1);
});

test('constant-features: a standardized constant column (all 0 after normalization) is still constant; nearly constant is not', () => {
  const data = HEALTHY();
  for (let i = 0; i < data.train.count; i++) data.train.x[i * 4] = 0;
  data.normalization = { mean: [5, 0, 0, 0], std: [1, 1, 1, 1] };
  assert.deepEqual(scanData(data).constantFeatures.indices, [0]);
  data.train.x[4] = 1e-3;
  assert.equal(scanData(data).constantFeatures.count, 0);
  assert.deepEqual(run(constantFeatures, traceOf(data)), []);
});

test('constant-features: wide inputs (images) fire only when a large share of columns is constant', () => {
  const facts = (count: number) => withFacts({ constantFeatures: { features: 64, count, indices: Array.from({ length: Math.min(10, count) }, (_, i) => i) } });
  assert.deepEqual(run(constantFeatures, facts(3)), [], 'digits: 3 border pixels always 0');
  const f = one(constantFeatures, facts(20));
  assert.equal(f.evidence.constantFeatures, 20);
  assert.equal(f.evidence.columns, '0,1,2,3,4,5,6,7,8,9');
  assert.match(f.message, /20 of 64 .*31\.3 % of the columns/);
  assert.equal(one(constantFeatures, withFacts({ constantFeatures: { features: 32, count: 1, indices: [31] } })).evidence.narrow, true);
});
