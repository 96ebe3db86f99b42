// The oscillating-loss rule on healthy and faulty traces (see src/engine/diagnostics/rules/oscillating-loss.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthyTrace } from '../traceBuilder';
import { rule as oscillatingLoss } from '../../src/engine/diagnostics/rules/oscillating-loss';
import { findings, only, oscillatingTrace } from './curveRules.fixtures';

test('oscillating-loss: an epoch loss that keeps jumping up and down is reported by epoch 6', () => {
  const f = only(oscillatingTrace(), 'oscillating-loss');
  assert.equal(f.epoch, 5);
  assert.equal(f.step, 59);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.ok((f.evidence.swing as number) >= 0.1);
  assert.equal(f.evidence.reversals, 1);
  assert.ok((f.evidence.stepSwing as number) > 0.3);
  assert.match(f.message, /epochs 1–6/);
  assert.match(f.fixes[0], /Lower the learning rate/);
});

test('oscillating-loss: alternating mini-batch losses with a smooth falling epoch loss are not an oscillation', () => {
  const trace = healthyTrace({ epochs: 30 });
  trace.steps.forEach((s, i) => { s.loss *= i % 2 ? 1.8 : 0.4; });
  assert.deepEqual(findings(trace), []);
});

test('oscillating-loss: swings of an almost-zero loss do not count', () => {
  const trace = healthyTrace({ epochs: 40, loss: (t) => 0.01 * (1 + 0.5 * (Math.floor(t) % 2 ? 1 : -1)) + (t < 3 ? 1 - t / 3 : 0), accuracy: () => 0.99 });
  assert.deepEqual(oscillatingLoss.check(trace, oscillatingLoss.meta.defaultOptions), []);
});

test('oscillating-loss: a bouncing training loss (dropout) while the validation loss keeps falling is not an oscillation', () => {
  const trace = healthyTrace({
    epochs: 40,
    loss: (t) => 0.8 * (1 + 0.3 * (Math.floor(t) % 2 ? 1 : -1)),
    valLoss: (e) => 1.0 * Math.exp(-e / 12),
    accuracy: (e) => 0.55 + 0.01 * e,
  });
  assert.deepEqual(oscillatingLoss.check(trace, oscillatingLoss.meta.defaultOptions), []);
});
