// The loss-plateau rule on healthy and faulty traces (see src/engine/diagnostics/rules/loss-plateau.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthyTrace } from '../traceBuilder';
import { rule as underfitting } from '../../src/engine/diagnostics/rules/underfitting';
import { rule as lossPlateau } from '../../src/engine/diagnostics/rules/loss-plateau';
import { only, stuckTrace, plateauTrace } from './curveRules.fixtures';

test('loss-plateau: a stall at a poor level early in the run is reported on the learning rate', () => {
  const f = only(plateauTrace(), 'loss-plateau');
  assert.equal(f.epoch, 12);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.ok((f.evidence.improvement as number) < 0.01);
  assert.equal(f.evidence.remainingEpochs, 47);
  assert.equal(f.evidence.valTracksTrain, true);
  assert.match(f.message, /stalled at 0\.7/);
  assert.match(f.fixes[0], /learning rate/);
  assert.match(f.fixes[1], /larger model/);
});

test('loss-plateau: not reported in the last 20 % of the epochs', () => {
  const trace = healthyTrace({ epochs: 20, loss: (t) => (t < 15 ? 1.1 - 0.03 * t : 0.65), accuracy: () => 0.6 });
  assert.deepEqual(lossPlateau.check(trace, lossPlateau.meta.defaultOptions), []);
});

test('loss-plateau: a loss stuck at the trivial level is left to underfitting', () => {
  assert.deepEqual(lossPlateau.check(stuckTrace(50), lossPlateau.meta.defaultOptions), []);
});

test('loss-plateau: a converged model with good accuracy is not a plateau', () => {
  const trace = healthyTrace({ epochs: 60, loss: (t) => 0.15 + 0.9 * Math.exp(-t / 2), accuracy: (e) => Math.min(0.95, 0.5 + 0.1 * e) });
  assert.deepEqual(lossPlateau.check(trace, lossPlateau.meta.defaultOptions), []);
});
