// The exploding-gradient rule on healthy and faulty traces (see src/engine/diagnostics/rules/exploding-gradient.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as explodingGradient } from '../../src/engine/diagnostics/rules/exploding-gradient';
import { median } from '../../src/engine/diagnostics/rules/stats';
import { bendSteps, healthyTrace } from '../traceBuilder';
import { run, only, varIndex, truncated } from './gradientRules.fixtures';

test('exploding-gradient: with a learning rate far above its optimizer\'s usual range, points at the rate', () => {
  const t = healthyTrace();
  const k1 = varIndex(t, 'dense_1/kernel');
  t.config.optimizerName = 'momentum';
  t.config.learningRate = 5;
  bendSteps(t, 30, (s) => { s.gradNorm[k1] *= 1000; });
  const f = only(explodingGradient, t);
  assert.deepEqual(f.target, { kind: 'config', key: 'learningRate' });
  assert.equal(f.layer, 'dense_1', 'it still says which layer exploded');
  assert.match(f.message, /above the usual range for momentum/);
  assert.match(f.fixes[0], /Lower the learning rate/);
});

test('exploding-gradient: in a layer whose weights start oversized, points at its initializer and suggests a matched one first', () => {
  const t = healthyTrace();
  const k1 = varIndex(t, 'dense_1/kernel');
  t.layers[0].initialKernelGain = 4;
  bendSteps(t, 30, (s) => { s.gradNorm[k1] *= 1000; });
  const f = only(explodingGradient, t);
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_1', option: 'kernelInitializer' });
  assert.equal(f.evidence.initialGain, 4);
  assert.match(f.fixes[0], /initializer matched to the activation/);
});

test('exploding-gradient: the layer whose gradient RMS grows ≥ 20× (5-step median) first; ties go to the one closest to the input', () => {
  const t = healthyTrace();
  const k1 = varIndex(t, 'dense_1/kernel');
  const k2 = varIndex(t, 'dense_2/kernel');
  bendSteps(t, 30, (s) => { s.gradNorm[k2] *= 1000; s.gradNorm[k1] *= 1000; });
  const f = only(explodingGradient, t);
  assert.equal(f.layer, 'dense_1');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_1' });
  assert.equal(f.step, 30);
  assert.equal(f.epoch, 3);
  assert.ok((f.evidence.growthRms as number) > 100, String(f.evidence.growthRms));
  assert.equal(f.evidence.initializer, 'glorotUniform');
  // dense_2 first (step 20), dense_1 later: the finding stays on dense_2, as it was when first reported.
  const staggered = healthyTrace();
  bendSteps(staggered, 20, (s) => { s.gradNorm[k2] *= 1000; });
  bendSteps(staggered, 30, (s) => { s.gradNorm[k1] *= 1000; });
  const g = only(explodingGradient, staggered);
  assert.equal(g.layer, 'dense_2');
  assert.equal(g.step, 20);
  assert.equal(only(explodingGradient, truncated(staggered, 26)).layer, 'dense_2');
});

test('exploding-gradient: gradients that grow while the loss has fallen below half its start are a network leaving its flat start, not an explosion', () => {
  const t = healthyTrace();
  const k1 = varIndex(t, 'dense_1/kernel');
  // By step 60 the loss (0.2 + 0.9·e^(−t/4)) is ~35 % of its start.
  bendSteps(t, 60, (s) => { s.gradNorm[k1] *= 1000; });
  assert.deepEqual(run(explodingGradient, t), []);
  // The same growth with the loss climbing back is an explosion.
  bendSteps(t, 60, (s) => { s.loss = 2; });
  const f = only(explodingGradient, t);
  assert.ok(f.step! >= 60 && f.step! <= 64, `step ${f.step} (the loss is read as the median of 5 steps)`);
});

test('exploding-gradient: an Embedding\'s growing gradient is learning, not an explosion; the layers after it are still judged', () => {
  const t = healthyTrace();
  const k1 = varIndex(t, 'dense_1/kernel');
  t.layers.find((l) => l.name === 'dense_1')!.className = 'Embedding';
  bendSteps(t, 30, (s) => { s.gradNorm[k1] *= 1000; });
  assert.deepEqual(run(explodingGradient, t), []);
  const k2 = varIndex(t, 'dense_2/kernel');
  bendSteps(t, 30, (s) => { s.gradNorm[k2] *= 1000; });
  assert.equal(only(explodingGradient, t).layer, 'dense_2');
});

test('exploding-gradient: spiky growth of the largest entry counts when most of 5 steps show it', () => {
  const t = healthyTrace();
  const k2 = varIndex(t, 'dense_2/kernel');
  // |g|max jumps 30–100× on 3 of every 5 steps from step 40 (a spiky, unstable run); the RMS barely moves.
  bendSteps(t, 40, (s) => { if (s.globalStep % 5 < 3) s.gradMaxAbs[k2] = 0.2 * (30 + (s.globalStep % 7) * 10); });
  const f = only(explodingGradient, t);
  assert.equal(f.layer, 'dense_2');
  assert.equal(f.step, 40);
  assert.ok((f.evidence.growthMaxAbs as number) >= 20, String(f.evidence.growthMaxAbs));
});

test('exploding-gradient: two spikes in 5 steps, or a sustained 15× rise, are not enough', () => {
  const spikes = healthyTrace();
  const k1 = varIndex(spikes, 'dense_1/kernel');
  for (const i of [40, 41, 60, 62]) spikes.steps[i].gradNorm[k1] *= 1e4;
  assert.deepEqual(run(explodingGradient, spikes), []);
  const rise = bendSteps(healthyTrace(), 30, (s) => { s.gradNorm = s.gradNorm.map((g) => g * 15); s.gradMaxAbs = s.gradMaxAbs.map((g) => g * 15); });
  assert.deepEqual(run(explodingGradient, rise), []);
});

test('exploding-gradient: an absolute RMS ≥ 1000 per weight fires even without growth', () => {
  const t = healthyTrace();
  const k2 = varIndex(t, 'dense_2/kernel');
  bendSteps(t, 0, (s) => { s.gradNorm[k2] = 2e3 * Math.sqrt(32 * 32); });
  const f = only(explodingGradient, t);
  assert.equal(f.layer, 'dense_2');
  assert.equal(f.step, 0);
  assert.ok((f.evidence.gradientRms as number) >= 1e3, String(f.evidence.gradientRms));
});
