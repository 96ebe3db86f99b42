// The unchanged-weights rule on healthy and faulty traces (see src/engine/diagnostics/rules/unchanged-weights.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as unchangedWeights } from '../../src/engine/diagnostics/rules/unchanged-weights';
import { bendProbes, bendSteps, healthyTrace } from '../traceBuilder';
import { run, runAll, only, frozen } from './gradientRules.fixtures';

test('unchanged-weights: a layer with zero gradient from the start while others learn', () => {
  const f = only(unchangedWeights, frozen(healthyTrace(), 'dense_2', 0));
  assert.equal(f.layer, 'dense_2');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_2' });
  assert.equal(f.step, 0);
  assert.equal(f.epoch, 0);
  assert.equal(f.evidence.zeroGradient, true);
  assert.equal(f.evidence.windowSteps, 20);
});

test('unchanged-weights: updates of 0 despite a gradient point at trainable/optimizer first', () => {
  const f = only(unchangedWeights, frozen(healthyTrace(), 'dense_1', 0, Infinity, true));
  assert.equal(f.layer, 'dense_1');
  assert.equal(f.evidence.zeroGradient, false);
  assert.match(f.fixes[0], /trainable/);
});

test('unchanged-weights: weights that stop later, or a model where nothing moves (lr 0), are left to other rules', () => {
  assert.deepEqual(run(unchangedWeights, frozen(healthyTrace(), 'dense_2', 25)), []);
  const lrZero = bendSteps(healthyTrace(), 0, (s) => { s.learningRate = 0; s.updateRatio = s.updateRatio.map(() => 0); });
  assert.deepEqual(run(unchangedWeights, lrZero), []);
  // A saturated output: every gradient underflows to exactly 0.
  const allZero = bendSteps(healthyTrace(), 0, (s) => { s.gradNorm = s.gradNorm.map(() => 0); s.updateRatio = s.updateRatio.map(() => 0); });
  assert.deepEqual(run(unchangedWeights, allZero), []);
});

test('unchanged-weights: a pause shorter than the window, or a fully dead ReLU layer (left to dead-relu), does not fire', () => {
  assert.deepEqual(run(unchangedWeights, frozen(healthyTrace(), 'dense_2', 0, 15)), []);
  const dead = bendProbes(frozen(healthyTrace(), 'dense_2', 0), 'dense_2', 0, (a) => { a.deadFraction = 1; });
  assert.deepEqual(run(unchangedWeights, dead), []);
  assert.deepEqual(runAll(dead).map((f) => `${f.code}@${f.layer}`), ['dead-relu@dense_2']);
});

test('unchanged-weights: a ReLU layer dead because its kernel starts at zeros is reported as unchanged weights (the cause), not as dying ReLUs', () => {
  const dead = bendProbes(frozen(healthyTrace(), 'dense_2', 0), 'dense_2', 0, (a) => { a.deadFraction = 1; });
  dead.layers.find((l) => l.name === 'dense_2')!.initializers.kernel = 'zeros';
  const f = only(unchangedWeights, dead);
  assert.equal(f.layer, 'dense_2');
  assert.equal(f.evidence.zeroInitialized, true);
  assert.match(f.message, /starts at all zeros/);
  assert.match(f.fixes[0], /random initializer/);
  assert.deepEqual(runAll(dead).map((x) => `${x.code}@${x.layer}`), ['unchanged-weights@dense_2']);
});
