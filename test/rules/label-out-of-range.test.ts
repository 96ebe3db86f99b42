// The label-out-of-range rule on healthy and faulty traces (see src/engine/diagnostics/rules/label-out-of-range.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LayerSpec } from '../traceBuilder';
import { rule as labelOutOfRange } from '../../src/engine/diagnostics/rules/label-out-of-range';
import { staticTrace, BINARY, run, one, traceOf, staticCodes, hidden } from './staticRules.fixtures';

test('label-out-of-range: class index ≥ output units (labels 1..3 for 3 units)', () => {
  const f = one(labelOutOfRange, staticTrace({ config: { lossName: 'sparseCategoricalCrossentropy' }, data: { targetLayout: 'index', labelMin: 1, labelMax: 3 } }));
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_3' });
  assert.equal(f.evidence.outputUnits, 3);
  assert.equal(f.evidence.labelMax, 3);
  assert.match(f.fixes[0], /4 units/);
});

test('label-out-of-range: negative class labels, and binary targets coded −1/1', () => {
  assert.match(one(labelOutOfRange, staticTrace({ data: { targetLayout: 'index', labelMin: -1, labelMax: 1 } })).message, /−1|-1/);
  const binary = one(labelOutOfRange, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, labelMin: -1, labelMax: 1 } }));
  assert.match(binary.message, /\[0, 1\]/);
  // binaryCrossentropy on ±1 labels: the facts call the task regression, the layout is still binary.
  assert.equal(run(labelOutOfRange, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, task: 'regression', labelMin: -1, labelMax: 1 } })).length, 1);
});

test('label-out-of-range: labels that fit are silent (index 0..2 on 3 units, 0/1 binary, one-hot)', () => {
  assert.deepEqual(run(labelOutOfRange, staticTrace({ data: { targetLayout: 'index', labelMin: 0, labelMax: 2 } })), []);
  assert.deepEqual(run(labelOutOfRange, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY })), []);
  assert.deepEqual(run(labelOutOfRange, staticTrace({ data: { targetLayout: 'one-hot', labelMin: undefined, labelMax: undefined } })), []);
});

test('label-out-of-range: −1/+1 labels with a sigmoid; class 5 with 3 output units', () => {
  const sigmoid: LayerSpec = { name: 'out', activation: 'sigmoid', inputs: 16, units: 1 };
  assert.ok(staticCodes(traceOf([hidden, sigmoid], 'binaryCrossentropy', { targetLayout: 'binary', numClasses: 2, labelMin: -1, labelMax: 1 })).includes('label-out-of-range'));
  const softmax: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  assert.ok(staticCodes(traceOf([hidden, softmax], 'sparseCategoricalCrossentropy', { targetLayout: 'index', numClasses: 6, labelMin: 0, labelMax: 5 })).includes('label-out-of-range'));
});
