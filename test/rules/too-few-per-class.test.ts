// The too-few-per-class rule on healthy and faulty traces (see src/engine/diagnostics/rules/too-few-per-class.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as tooFewPerClass } from '../../src/engine/diagnostics/rules/too-few-per-class';
import { split, prepared, traceOf, withFacts, run, one, HEALTHY } from './dataRules.fixtures';

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
