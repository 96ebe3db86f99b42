// Data checks before training (non-finite values, constant features, train/held-out duplicates, too few
// validation samples per class): the facts computed from prepared data, and each rule on healthy and
// faulty facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataFacts, LEAKAGE_HASH_BUDGET, scanData } from '../src/engine/diagnostics/facts';
import type { ArraySplit, PreparedData } from '../src/engine/data/types';
import type { DataFacts, Finding, Rule, TrainingTrace } from '../src/engine/diagnostics/types';
import { ALL_RULES } from '../src/engine/diagnostics/rules/index';
import { rule as nonFiniteData } from '../src/engine/diagnostics/rules/non-finite-data';
import { rule as constantFeatures } from '../src/engine/diagnostics/rules/constant-features';
import { rule as dataLeakage } from '../src/engine/diagnostics/rules/data-leakage';
import { rule as tooFewPerClass } from '../src/engine/diagnostics/rules/too-few-per-class';
import { healthyTrace } from './traceBuilder';

const DATA_RULES = [nonFiniteData, constantFeatures, dataLeakage, tooFewPerClass] as Rule<object>[];

/** Rows of `width` features from a seeded generator, plus class-index targets cycling through `classes`. */
function split(count: number, width: number, seed: number, classes = 3): ArraySplit {
  let state = seed;
  const x = new Float32Array(count * width);
  for (let i = 0; i < x.length; i++) x[i] = ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const y = Float32Array.from({ length: count }, (_, i) => i % classes);
  return { x, y, count };
}

function prepared(parts: Partial<PreparedData> & { train: ArraySplit }, width = 4): PreparedData {
  return { name: 't', task: 'classification', featureShape: [width], targetShape: [1], numClasses: 3, oneHot: false, ...parts };
}

/** A trace whose data facts are those of `data` (as the engine computes them), no training records. */
function traceOf(data: PreparedData, lossName = 'sparseCategoricalCrossentropy'): TrainingTrace {
  const base = healthyTrace();
  const facts = dataFacts(data, lossName);
  return { ...base, config: { ...base.config, lossName, hasValidation: (data.validation?.count ?? 0) > 0 }, data: facts, steps: [], probes: [], epochs: [] };
}

function withFacts(data: Partial<DataFacts>): TrainingTrace {
  const base = healthyTrace();
  return { ...base, data: { ...base.data, ...data }, steps: [], probes: [], epochs: [] };
}

function run(rule: Rule<object>, trace: TrainingTrace): Finding[] {
  return rule.check(trace, rule.meta.defaultOptions);
}

function one(rule: Rule<object>, trace: TrainingTrace): Finding {
  const found = run(rule, trace);
  assert.equal(found.length, 1, `expected one ${rule.meta.code} finding, got ${JSON.stringify(found)}`);
  const f = found[0];
  assert.equal(f.code, rule.meta.code);
  assert.equal(f.severity, rule.meta.defaultSeverity);
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.equal(f.epoch, undefined);
  assert.ok(f.fixes.length >= 2);
  return f;
}

const HEALTHY = () => prepared({ train: split(300, 4, 1), validation: split(60, 4, 2), test: split(30, 4, 3) });

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

// ---------------------------------------------------------------- non-finite-data

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

// ---------------------------------------------------------------- constant-features

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

// ---------------------------------------------------------------- data-leakage

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

// ---------------------------------------------------------------- too-few-per-class

test('too-few-per-class: a class with fewer than 5 validation samples, or none, fires with per-class counts', () => {
  const data = HEALTHY();
  data.validation = { ...data.validation!, y: Float32Array.from({ length: 60 }, (_, i) => (i < 3 ? 2 : i % 2)) };
  const f = one(tooFewPerClass, traceOf(data));
  assert.equal(f.evidence.validationCounts, '28,29,3');
  assert.equal(f.evidence.classesBelow, 1);
  assert.match(f.message, /class 2: 3/);
  data.validation = { ...data.validation, y: Float32Array.from({ length: 60 }, (_, i) => i % 2) };
  const absent = one(tooFewPerClass, traceOf(data));
  assert.equal(absent.evidence.absentClasses, 1);
  assert.match(absent.message, /absent from validation/);
});

test('too-few-per-class: one-hot targets are counted too; enough samples, no validation, regression and classes unseen in training are silent', () => {
  const oneHot = (labels: number[]) => Float32Array.from(labels.flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))));
  const trainLabels = Array.from({ length: 90 }, (_, i) => i % 3);
  const data = prepared({ train: { x: split(90, 4, 1).x, y: oneHot(trainLabels), count: 90 }, validation: { x: split(20, 4, 2).x, y: oneHot(Array.from({ length: 20 }, (_, i) => (i < 4 ? 0 : 1 + (i % 2)))), count: 20 }, oneHot: true, targetShape: [3] });
  assert.equal(one(tooFewPerClass, traceOf(data, 'categoricalCrossentropy')).evidence.validationCounts, '4,8,8');
  assert.deepEqual(run(tooFewPerClass, withFacts({ validationClassCounts: [5, 5, 5] })), []);
  assert.deepEqual(run(tooFewPerClass, withFacts({ classCounts: [40, 40, 0], validationClassCounts: [10, 10, 0] })), [], 'class 2 exists in neither split');
  const noValidation = withFacts({ validationClassCounts: [1, 1, 1] });
  noValidation.config = { ...noValidation.config, hasValidation: false };
  assert.deepEqual(run(tooFewPerClass, noValidation), []);
  assert.deepEqual(run(tooFewPerClass, withFacts({ task: 'regression', classCounts: undefined, validationClassCounts: undefined })), []);
  assert.equal(one(tooFewPerClass, withFacts({ validationClassCounts: [5, 4, 5] })).evidence.threshold, 5);
});
