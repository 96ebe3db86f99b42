// The saturated-activation rule on healthy and faulty traces (see src/engine/diagnostics/rules/saturated-activation.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as saturatedActivation } from '../../src/engine/diagnostics/rules/saturated-activation';
import { bendProbes, bendSteps, healthyTrace } from '../traceBuilder';
import { run, only, TANH_LAYERS, regressionTrace } from './gradientRules.fixtures';

test('saturated-activation: a tanh hidden layer ≥ 50 % saturated at 2 consecutive probes', () => {
  const t = bendProbes(healthyTrace({ layers: TANH_LAYERS }), 'dense_2', 20, (a) => { a.saturatedFraction = 0.8; });
  const f = only(saturatedActivation, t);
  assert.equal(f.layer, 'dense_2');
  assert.equal(f.step, 20);
  assert.equal(f.epoch, 2);
  assert.equal(f.evidence.saturatedFraction, 0.8);
  assert.equal(f.evidence.activation, 'tanh');
});

test('saturated-activation: saturation that appears under huge steps (learning rate far too high) is left to other rules', () => {
  const t = bendProbes(healthyTrace({ layers: TANH_LAYERS }), 'dense_1', 10, (a) => { a.saturatedFraction = 0.66; });
  bendSteps(t, 0, (s) => { s.updateRatio = s.updateRatio.map(() => 0.3); });
  assert.deepEqual(run(saturatedActivation, t), []);
  // Saturated from the first probe (raw inputs into tanh) is reported whatever the step size.
  const fromStart = bendProbes(healthyTrace({ layers: TANH_LAYERS }), 'dense_1', 0, (a) => { a.saturatedFraction = 0.99; });
  bendSteps(fromStart, 0, (s) => { s.updateRatio = s.updateRatio.map(() => 0.3); });
  assert.equal(only(saturatedActivation, fromStart).layer, 'dense_1');
});

test('saturated-activation: a sigmoid regression output saturated from the start fires; a softmax output never does', () => {
  const recon = regressionTrace([{ name: 'dense_1', activation: 'relu', inputs: 8, units: 16 }, { name: 'dense_2', activation: 'sigmoid', inputs: 16, units: 8 }]);
  bendProbes(recon, 'dense_2', 0, (a) => { a.saturatedFraction = 0.8; });
  assert.equal(only(saturatedActivation, recon).layer, 'dense_2');
  const soft = bendProbes(healthyTrace(), 'dense_3', 0, (a) => { a.saturatedFraction = 1; });
  assert.deepEqual(run(saturatedActivation, soft), []);
});
