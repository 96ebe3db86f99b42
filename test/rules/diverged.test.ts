// The diverged rule on healthy and faulty traces (see src/engine/diagnostics/rules/diverged.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrainingTrace } from '../../src/engine/diagnostics/types';
import { rule as diverged } from '../../src/engine/diagnostics/rules/diverged';
import { median } from '../../src/engine/diagnostics/rules/stats';
import { bendSteps, healthyTrace } from '../traceBuilder';
import { run, only } from './gradientRules.fixtures';

test('diverged: a NaN loss fires at its first step and points at the learning rate', () => {
  const t = bendSteps(healthyTrace(), 37, (s) => { s.loss = NaN; s.nonFinite = true; s.gradNorm = s.gradNorm.map(() => NaN); });
  const f = only(diverged, t);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.equal(f.step, 37);
  assert.equal(f.epoch, 3);
  assert.equal(f.evidence.kind, 'non-finite');
  assert.equal(f.evidence.lossFinite, false);
  assert.match(f.message, /step 37/);
  assert.ok(f.fixes[0].includes('learning rate'), f.fixes[0]);
});

test('diverged: NaN from the very first step suspects the data before the learning rate', () => {
  const f = only(diverged, bendSteps(healthyTrace(), 0, (s) => { s.loss = NaN; s.nonFinite = true; }));
  assert.equal(f.step, 0);
  assert.equal(f.evidence.atFirstStep, true);
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.match(f.fixes[0], /NaN/);
});

test('diverged: NaN in the weights with a finite loss still fires', () => {
  const t = bendSteps(healthyTrace(), 12, (s) => { s.nonFinite = true; });
  const f = only(diverged, t);
  assert.equal(f.step, 12);
  assert.equal(f.evidence.lossFinite, true);
});

test('diverged: loss above 100× its first-epoch median for 3 steps fires at the first of them; one spike does not', () => {
  const t = healthyTrace();
  t.steps[30].loss *= 1000; // a lone spike
  bendSteps(t, 50, (s) => { s.loss = 500 * (1 + s.globalStep - 50); });
  const f = only(diverged, t);
  assert.equal(f.step, 50);
  assert.equal(f.epoch, 5);
  assert.equal(f.evidence.kind, 'loss-explosion');
  assert.ok((f.evidence.ratio as number) > 100, String(f.evidence.ratio));
  assert.ok(Math.abs((f.evidence.referenceLoss as number) - 1.0) < 0.15, String(f.evidence.referenceLoss));
});

test('diverged: names the cause: weights that start oversized point at the initializer, single-sample batches at the batch size', () => {
  const nan = (t: TrainingTrace) => bendSteps(t, 12, (s) => { s.loss = NaN; s.nonFinite = true; });
  const big = healthyTrace();
  big.layers[0].initialKernelGain = 1.2;
  big.layers[1].initialKernelGain = 5.7;
  const f = only(diverged, nan(big));
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_2', option: 'kernelInitializer' });
  assert.equal(f.evidence.cause, 'initialization');
  assert.match(f.message, /5\.7× the scale their fan-in allows/);
  assert.match(f.fixes[0], /initializer matched to the activation/);
  const recurrent = healthyTrace();
  recurrent.layers[0].initialKernelGain = 2.9;
  recurrent.layers[0].initialRecurrentGain = 2.8; // applied at every time step: twice an orthogonal kernel's 1 is too much
  assert.deepEqual(only(diverged, nan(recurrent)).target, { kind: 'layer', layer: 'dense_1', option: 'recurrentInitializer' });
  const single = healthyTrace();
  single.config.batchSize = 1;
  const g = only(diverged, nan(single));
  assert.deepEqual(g.target, { kind: 'config', key: 'batchSize' });
  assert.match(g.fixes[0], /mini-batches/);
  // Standard initializations (He's gain is 1.4) and ordinary batches leave it on the learning rate.
  const plain = healthyTrace();
  plain.layers.forEach((l) => { l.initialKernelGain = 1.41; });
  plain.config.batchSize = 32;
  assert.deepEqual(only(diverged, nan(plain)).target, { kind: 'config', key: 'learningRate' });
});

test('diverged: a cross-entropy pinned far above its start (confidently wrong) fires; a short bump does not', () => {
  const t = healthyTrace(); // loss starts ≈ 1.1 = ln 3, the constant-predictor loss
  bendSteps(t, 1, (s) => { s.loss = 16; }); // clipped cross-entropy after one huge step
  const f = only(diverged, t);
  assert.equal(f.step, 1);
  assert.equal(f.evidence.kind, 'cross-entropy-ceiling');
  const bump = healthyTrace();
  for (const i of [47, 48, 49, 50]) bump.steps[i].loss = 9;
  assert.deepEqual(run(diverged, bump), []);
});

test('diverged: a NaN at the first step from cross-entropy on a ReLU output is left to loss-activation-mismatch', () => {
  const t = healthyTrace({ layers: [{ name: 'dense_1', activation: 'relu', inputs: 4, units: 16 }, { name: 'dense_2', activation: 'relu', inputs: 16, units: 3 }] });
  bendSteps(t, 0, (s) => { s.loss = NaN; s.nonFinite = true; });
  assert.deepEqual(run(diverged, t), []);
});

test('diverged: two high steps are not enough', () => {
  const t = healthyTrace();
  t.steps[50].loss = 1e4;
  t.steps[51].loss = 1e4;
  assert.deepEqual(run(diverged, t), []);
});

test('diverged: an explosion that later turns NaN is reported where it exploded', () => {
  const t = bendSteps(healthyTrace(), 40, (s) => { s.loss = s.globalStep < 45 ? 1e5 : NaN; s.nonFinite = s.globalStep >= 45; });
  const f = only(diverged, t);
  assert.equal(f.step, 40);
  assert.equal(f.evidence.nonFiniteAtStep, 45);
});
