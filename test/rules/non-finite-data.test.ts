// The non-finite-data rule on healthy and faulty traces (see src/engine/diagnostics/rules/non-finite-data.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanData } from '../../src/engine/diagnostics/facts';
import { rule as nonFiniteData } from '../../src/engine/diagnostics/rules/non-finite-data';
import { split, prepared, traceOf, run, one, HEALTHY } from './dataRules.fixtures';

test('non-finite-data: NaN and Infinity are counted per split, with the first row and column', () => {
  const data = HEALTHY();
  data.train.x[5 * 4 + 2] = Infinity;
  data.validation!.x[7 * 4 + 1] = NaN;
  data.test!.y[3] = NaN;
  const scan = scanData(data).nonFinite;
  assert.deepEqual(scan.splits.map((s) => [s.split, s.featureValues, s.targetValues]), [['train', 1, 0], ['validation', 1, 0], ['test', 0, 1]]);
  assert.deepEqual(scan.first, { split: 'train', row: 5, column: 2, part: 'features', value: 'Infinity' });
  assert.equal(scan.featureColumns, 2);
  const f = one(nonFiniteData, traceOf(data));
  assert.equal(f.severity, 'error');
  assert.equal(f.evidence.trainNonFinite, 1);
  assert.equal(f.evidence.validationNonFinite, 1);
  assert.equal(f.evidence.testNonFinite, 1);
  assert.equal(f.evidence.firstRow, 5);
  assert.equal(f.evidence.firstColumn, 2);
  assert.match(f.message, /Infinity in train row 5, feature column 2/);
});

test('non-finite-data: a value beyond float32 range becomes Infinity, and a whole NaN column after normalization is reported', () => {
  const x = Float32Array.from([1, 2, 1e39, 4, 3, 6]); // 1e39 is stored as Infinity
  assert.equal(x[2], Infinity);
  const data = prepared({ train: { x, y: Float32Array.from([0, 1, 2]), count: 3 }, normalization: { mean: [NaN, 4], std: [NaN, 1.6] } }, 2);
  for (let i = 0; i < 3; i++) data.train.x[i * 2] = NaN; // what standardization leaves in that column
  const f = one(nonFiniteData, traceOf(data));
  assert.equal(f.evidence.trainNonFinite, 3);
  assert.equal(f.evidence.featureColumns, 1);
  assert.equal(f.evidence.firstValue, 'NaN');
});

test('non-finite-data: only targets non-finite, and a clean dataset, are told apart', () => {
  const data = HEALTHY();
  data.validation!.y[0] = -Infinity;
  const f = one(nonFiniteData, traceOf(data));
  assert.equal(f.evidence.firstPart, 'targets');
  assert.equal(f.evidence.firstSplit, 'validation');
  assert.match(f.message, /1 in the targets/);
  assert.deepEqual(run(nonFiniteData, traceOf(HEALTHY())), []);
});
