// The learning-rate-range rule on healthy and faulty traces (see src/engine/diagnostics/rules/learning-rate-range.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LayerSpec } from '../traceBuilder';
import { rule as learningRateRange } from '../../src/engine/diagnostics/rules/learning-rate-range';
import { staticTrace, run, one, traceOf, staticCodes, hidden } from './staticRules.fixtures';

test('learning-rate-range: far above and far below the optimizer\'s usual range', () => {
  const high = one(learningRateRange, staticTrace({ config: { optimizerName: 'adam', learningRate: 0.5 } }));
  assert.equal(high.severity, 'warning');
  assert.deepEqual(high.target, { kind: 'config', key: 'learningRate' });
  assert.equal(high.evidence.direction, 'high');
  assert.equal(high.evidence.rangeHigh, 0.1);
  assert.match(high.message, /far above/);
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'adam', learningRate: 1e-7 } })).evidence.direction, 'low');
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'sgd', learningRate: 5 } })).evidence.direction, 'high');
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'momentum', learningRate: 0 } })).evidence.direction, 'low');
  // A user-supplied tf.Optimizer is named by its class.
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'AdamOptimizer', learningRate: 0.3 } })).evidence.optimizer, 'adam');
});

test('learning-rate-range: usual rates and unknown optimizers are silent', () => {
  const cases: [string, number][] = [['adam', 1e-3], ['adam', 0.1], ['rmsprop', 1e-4], ['sgd', 0.01], ['sgd', 0.5], ['momentum', 0.1], ['adagrad', 0.01], ['adadelta', 1], ['adamw', 3e-4], ['MyOptimizer', 50]];
  for (const [optimizerName, learningRate] of cases) {
    assert.deepEqual(run(learningRateRange, staticTrace({ config: { optimizerName, learningRate } })), [], `${optimizerName} ${learningRate}`);
  }
});

test('learning-rate-range: far outside the optimizer\'s usual range, both ways', () => {
  const out: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  assert.ok(staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', {}, 'adam', 1e-7)).includes('learning-rate-range'));
  assert.ok(staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', {}, 'sgd', 20)).includes('learning-rate-range'));
  assert.ok(!staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', {}, 'sgd', 0.1)).includes('learning-rate-range'));
});
