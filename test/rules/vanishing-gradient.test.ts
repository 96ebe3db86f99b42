// The vanishing-gradient rule on healthy and faulty traces (see src/engine/diagnostics/rules/vanishing-gradient.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule as vanishingGradient } from '../../src/engine/diagnostics/rules/vanishing-gradient';
import { bendSteps, healthyTrace } from '../traceBuilder';
import { run, only, varIndex, TANH_LAYERS, DEEP_SIGMOID_LAYERS, vanishing } from './gradientRules.fixtures';

test('vanishing-gradient: the earliest layer ≥ 1000× below the last with tiny updates, over a window', () => {
  const f = only(vanishingGradient, vanishing(30));
  assert.equal(f.layer, 'dense_1');
  assert.equal(f.step, 30);
  assert.equal(f.epoch, 3);
  assert.equal(f.evidence.lastLayer, 'dense_5');
  assert.ok((f.evidence.ratio as number) <= 1e-3, String(f.evidence.ratio));
  assert.ok((f.evidence.updateRatio as number) < 1e-5, String(f.evidence.updateRatio));
  assert.equal(f.evidence.windowSteps, 20);
  // It points at what to edit: the squashing activation, or weights that start far too small.
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_1', option: 'activation' });
  const small = vanishing(30);
  small.layers[0].initialKernelVsGlorot = 0.1;
  assert.deepEqual(only(vanishingGradient, small).target, { kind: 'layer', layer: 'dense_1', option: 'kernelInitializer' });
});

test('vanishing-gradient: tiny gradients that Adam still turns into normal updates do not fire', () => {
  const t = healthyTrace({ layers: DEEP_SIGMOID_LAYERS });
  const k = varIndex(t, 'dense_1/kernel');
  bendSteps(t, 0, (s) => { s.gradNorm[k] *= 1e-6; });
  assert.deepEqual(run(vanishingGradient, t), []);
});

test('vanishing-gradient: under Adam, a gradient that shrinks layer by layer to 1e-8 of the last fires although the updates look normal', () => {
  const t = healthyTrace({ layers: DEEP_SIGMOID_LAYERS });
  // Adam divides by the gradient's own scale: update ratios stay healthy (~1e-3) while the signal is gone.
  const decay: Record<string, number> = { dense_1: 1e-8, dense_2: 1e-6, dense_3: 1e-4, dense_4: 1e-2 };
  for (const [name, factor] of Object.entries(decay)) {
    const k = varIndex(t, `${name}/kernel`);
    bendSteps(t, 0, (s) => { s.gradNorm[k] *= factor; });
  }
  const f = only(vanishingGradient, t);
  assert.equal(f.layer, 'dense_1');
  assert.equal(f.step, 0);
  assert.ok((f.evidence.updateRatio as number) > 1e-5, 'fired on the depth profile, not on tiny updates');
  assert.match(f.message, /layer by layer/);
});

test('vanishing-gradient: a shallow stack (3 layers) with a small first-layer gradient under Adam does not fire', () => {
  const t = healthyTrace({ layers: TANH_LAYERS });
  const k = varIndex(t, `${t.layers[0].name}/kernel`);
  bendSteps(t, 0, (s) => { s.gradNorm[k] *= 1e-5; });
  assert.deepEqual(run(vanishingGradient, t), []);
});

test('vanishing-gradient: everything small together (a converged model) does not fire', () => {
  const t = bendSteps(healthyTrace({ layers: DEEP_SIGMOID_LAYERS }), 0, (s) => {
    s.gradNorm = s.gradNorm.map((g) => g * 1e-6);
    s.updateRatio = s.updateRatio.map(() => 1e-7);
  });
  assert.deepEqual(run(vanishingGradient, t), []);
});

test('vanishing-gradient: a short interruption (< window) does not fire', () => {
  const t = healthyTrace({ layers: DEEP_SIGMOID_LAYERS });
  const k = varIndex(t, 'dense_1/kernel');
  bendSteps(t, 50, (s) => { if (s.globalStep < 60) { s.gradNorm[k] *= 1e-6; s.updateRatio[k] = 1e-8; } });
  assert.deepEqual(run(vanishingGradient, t), []);
});
