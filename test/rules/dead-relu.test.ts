// The dead-relu rule on healthy and faulty traces (see src/engine/diagnostics/rules/dead-relu.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as deadRelu } from '../../src/engine/diagnostics/rules/dead-relu';
import { bendProbes, bendSteps, healthyTrace } from '../traceBuilder';
import { run, only } from './gradientRules.fixtures';

test('dead-relu: ≥ 50 % dead at 2 consecutive probes fires at the first; dying mid-run puts the learning rate first', () => {
  const t = bendProbes(healthyTrace(), 'dense_2', 50, (a) => { a.deadFraction = 0.7; });
  const f = only(deadRelu, t);
  assert.equal(f.layer, 'dense_2');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_2' });
  assert.equal(f.step, 50);
  assert.equal(f.epoch, 5);
  assert.equal(f.evidence.deadFraction, 0.7);
  assert.equal(f.evidence.deadFromStart, false);
  assert.match(f.fixes[0], /learning rate/);
});

test('dead-relu: dead from the first probe puts the initialization first; one probe or 30 % is not enough', () => {
  const t = bendProbes(healthyTrace(), 'dense_1', 0, (a) => { a.deadFraction = 0.9; });
  const f = only(deadRelu, t);
  assert.equal(f.layer, 'dense_1');
  assert.equal(f.step, 0);
  assert.match(f.fixes[0], /He initialization/);
  const once = bendProbes(healthyTrace(), 'dense_1', 50, (a) => { a.deadFraction = 0.9; });
  bendProbes(once, 'dense_1', 55, (a) => { a.deadFraction = 0.05; });
  assert.deepEqual(run(deadRelu, once), []);
  assert.deepEqual(run(deadRelu, bendProbes(healthyTrace(), 'dense_1', 0, (a) => { a.deadFraction = 0.3; })), []);
});

test('dead-relu: left to other rules when raw unscaled inputs kill units from the start, or huge steps kill them later', () => {
  const raw = bendProbes(healthyTrace(), 'dense_1', 0, (a) => { a.deadFraction = 0.56; });
  raw.data = { ...raw.data, normalized: false, featureMean: [1200, 0.05, 3, 0, 0, 0, 0, 0], featureStd: [400, 0.01, 1, 1, 1, 1, 1, 1] };
  assert.deepEqual(run(deadRelu, raw), []);
  // The same dead layer with standardized inputs is reported.
  assert.equal(only(deadRelu, bendProbes(healthyTrace(), 'dense_1', 0, (a) => { a.deadFraction = 0.56; })).layer, 'dense_1');
  // Units dying mid-run while each step moves the weights by 5 % (learning rate far too high).
  const unstable = bendSteps(bendProbes(healthyTrace(), 'dense_2', 50, (a) => { a.deadFraction = 0.7; }), 0, (s) => { s.updateRatio = s.updateRatio.map(() => 0.05); });
  assert.deepEqual(run(deadRelu, unstable), []);
});
