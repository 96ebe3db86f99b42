// The loss-activation-mismatch rule on healthy and faulty traces (see src/engine/diagnostics/rules/loss-activation-mismatch.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layersOf } from '../traceBuilder';
import { rule as lossActivationMismatch } from '../../src/engine/diagnostics/rules/loss-activation-mismatch';
import { Setup, staticTrace, REGRESSION, BINARY, run, one, traceOf, staticCodes, hidden } from './staticRules.fixtures';

test('loss-activation-mismatch: correct pairings are silent', () => {
  const cases: Setup[] = [
    {}, // softmax + categoricalCrossentropy
    { config: { lossName: 'sparseCategoricalCrossentropy' }, data: { targetLayout: 'index' } },
    { output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY },
    { output: { name: 'out', activation: 'linear', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: REGRESSION },
    { output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...REGRESSION, labelMin: 0, labelMax: 1 } },
  ];
  for (const c of cases) assert.deepEqual(run(lossActivationMismatch, staticTrace(c)), [], JSON.stringify(c));
});

test('loss-activation-mismatch: categorical cross-entropy without softmax is an error on the output layer', () => {
  const f = one(lossActivationMismatch, staticTrace({ output: { name: 'logits', activation: 'linear', inputs: 32, units: 3 } }));
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'logits' });
  assert.equal(f.layer, 'logits');
  assert.equal(f.evidence.outputUnits, 3);
  assert.match(f.message, /categoricalCrossentropy/);
  assert.match(f.fixes[0], /softmax/);
  assert.equal(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'relu', inputs: 32, units: 3 }, config: { lossName: 'sparseCategoricalCrossentropy' } })).severity, 'error');
});

test('loss-activation-mismatch: mean squared error on one-hot class labels through a softmax is a warning on the loss line, naming the cross-entropy to use', () => {
  const f = one(lossActivationMismatch, staticTrace({ config: { lossName: 'meanSquaredError' }, data: { targetLayout: 'one-hot' } }));
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.target, { kind: 'config', key: 'loss' });
  assert.match(f.fixes[0], /categoricalCrossentropy/);
  const binary = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...BINARY, targetLayout: 'index' } }));
  assert.match(binary.fixes[0], /binaryCrossentropy/);
  // Index labels 0..9 into a softmax can only come through a sparse loss: not this case.
  assert.deepEqual(run(lossActivationMismatch, staticTrace({ config: { lossName: 'meanSquaredError' }, data: { targetLayout: 'index', labelMin: 0, labelMax: 2 } })), []);
});

test('loss-activation-mismatch: sigmoid outputs with categorical cross-entropy are a warning', () => {
  assert.equal(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 3 } })).severity, 'warning');
});

test('loss-activation-mismatch: a single-unit softmax is an error with either cross-entropy', () => {
  assert.match(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 1 } })).message, /single output unit/);
  const f = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY }));
  assert.equal(f.severity, 'error');
  assert.match(f.message, /always 1/);
});

test('loss-activation-mismatch: binary cross-entropy needs a sigmoid', () => {
  const linear = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'linear', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY }));
  assert.equal(linear.severity, 'error');
  assert.match(linear.fixes[0], /sigmoid/);
  const softmax2 = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 2 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, targetLayout: 'one-hot' } }));
  assert.equal(softmax2.severity, 'warning');
  assert.equal(softmax2.layer, 'out', 'two classes: the softmax over two units is the odd part');
  // Five one-hot classes agree with a 5-unit softmax: the loss is the line to change.
  const five = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 5 }, config: { lossName: 'binaryCrossentropy' }, data: { numClasses: 5, classCounts: [20, 20, 20, 20, 20], chanceAccuracy: 0.2, trivialLoss: Math.log(5), targetLayout: 'one-hot', labelMin: 0, labelMax: 1 } }));
  assert.deepEqual(five.target, { kind: 'config', key: 'loss' });
  assert.match(five.message, /5 classes/);
  assert.match(five.fixes[0], /'categoricalCrossentropy' with the softmax/);
  // Regression targets (the data read as regression, values outside [0, 1]) with a linear output: the loss is wrong.
  const regression = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'linear', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, targetMean: 3.2, labelMin: 0.5, labelMax: 7.5 } }));
  assert.deepEqual(regression.target, { kind: 'config', key: 'loss' });
  assert.match(regression.fixes[0], /regression loss/);
});

test('loss-activation-mismatch: MSE on a regression target with a softmax or sigmoid output', () => {
  assert.equal(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: REGRESSION })).severity, 'error');
  const sigmoid = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...REGRESSION, targetMean: 150, targetStd: 70 } }));
  assert.equal(sigmoid.severity, 'error');
  assert.match(sigmoid.message, /\(0, 1\)/);
});

test('loss-activation-mismatch: the activation of an Activation layer after the Dense, and Dropout after it, are seen through', () => {
  const { layers, variables } = layersOf([
    { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
    { name: 'dense_2', activation: 'linear', inputs: 32, units: 3 },
    { name: 'act', className: 'Activation', activation: 'softmax' },
    { name: 'drop', className: 'Dropout', activation: 'linear' },
  ]);
  const trace = { ...staticTrace(), layers, variables: variables.filter((v) => v.layer !== 'act' && v.layer !== 'drop') };
  assert.deepEqual(run(lossActivationMismatch, trace), []);
  trace.layers[2] = { ...trace.layers[2], activation: 'linear', activationKind: 'linear' };
  assert.deepEqual(one(lossActivationMismatch, trace).target, { kind: 'layer', layer: 'act' });
});

test('loss-activation-mismatch: cross-entropy on a ReLU output, BCE on a softmax', () => {
  const relu = traceOf([hidden, { name: 'out', activation: 'relu', inputs: 16, units: 3 }], 'categoricalCrossentropy');
  assert.ok(staticCodes(relu).includes('loss-activation-mismatch'));
  const softmax = traceOf([hidden, { name: 'out', activation: 'softmax', inputs: 16, units: 2 }], 'binaryCrossentropy', { numClasses: 2, targetLayout: 'binary', labelMin: 0, labelMax: 1 });
  assert.ok(staticCodes(softmax).includes('loss-activation-mismatch'));
});
