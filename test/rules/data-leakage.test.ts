// The data-leakage rule on healthy and faulty traces (see src/engine/diagnostics/rules/data-leakage.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LEAKAGE_HASH_BUDGET, scanData } from '../../src/engine/diagnostics/facts';
import type { ArraySplit } from '../../src/engine/data/types';
import { rule as dataLeakage } from '../../src/engine/diagnostics/rules/data-leakage';
import { split, prepared, traceOf, withFacts, run, one, HEALTHY } from './dataRules.fixtures';

test('data-leakage: held-out rows copied from training are counted per split', () => {
  const data = HEALTHY();
  // 6 of 60 validation rows are copies of training rows; the test split is clean.
  for (const [v, t] of [[0, 10], [5, 11], [9, 200], [20, 299], [33, 0], [59, 150]]) data.validation!.x.set(data.train.x.subarray(t * 4, t * 4 + 4), v * 4);
  const leak = scanData(data).leakage!;
  assert.deepEqual(leak.splits, [{ split: 'validation', rows: 60, duplicates: 6 }, { split: 'test', rows: 30, duplicates: 0 }]);
  assert.equal(leak.capped, false);
  const f = one(dataLeakage, traceOf(data));
  assert.equal(f.evidence.validationDuplicates, 6);
  assert.equal(f.evidence.validationFraction, 0.1);
  assert.equal(f.evidence.testDuplicates, 0);
  assert.match(f.message, /6 of 60 validation rows \(10 %\)/);
});

test('data-leakage: thresholds (≥ 1 % and ≥ 2 rows) and labels ignored', () => {
  const data = HEALTHY();
  data.test!.x.set(data.train.x.subarray(0, 4), 0); // 1 of 30 test rows: a coincidence, not leakage
  assert.deepEqual(run(dataLeakage, traceOf(data)), []);
  data.test!.x.set(data.train.x.subarray(4, 8), 4);
  data.test!.y[1] = 2; // a copy with another label is still a copy of the features
  assert.equal(one(dataLeakage, traceOf(data)).evidence.testDuplicates, 2);
  // 2 of 1,000 rows is below 1 %.
  assert.deepEqual(run(dataLeakage, withFacts({ leakage: { splits: [{ split: 'validation', rows: 1000, duplicates: 2 }], trainRowsHashed: 4000, capped: false } })), []);
  assert.equal(run(dataLeakage, withFacts({ leakage: { splits: [{ split: 'validation', rows: 1000, duplicates: 10 }], trainRowsHashed: 4000, capped: false } })).length, 1);
  // No held-out split: nothing to leak into, and nothing hashed.
  assert.equal(scanData(prepared({ train: split(50, 4, 1) })).leakage, undefined);
});

test('data-leakage: large datasets hash a capped number of training rows and say so', () => {
  const width = 1000;
  const rows = Math.floor(LEAKAGE_HASH_BUDGET / width) + 10;
  const train: ArraySplit = { x: new Float32Array(rows * width), y: new Float32Array(rows), count: rows };
  for (let i = 0; i < rows; i++) train.x[i * width] = i;
  const validation = split(20, width, 5);
  validation.x.set(train.x.subarray(0, width), 0);
  validation.x.set(train.x.subarray(width, 2 * width), width);
  validation.x.set(train.x.subarray((rows - 1) * width, rows * width), 2 * width); // beyond the cap: not seen
  const leak = scanData(prepared({ train, validation }, width)).leakage!;
  assert.equal(leak.capped, true);
  assert.equal(leak.trainRowsHashed, rows - 10);
  assert.equal(leak.splits[0].duplicates, 2);
});
