// Tests of the gradient / activation training rules on synthetic traces: healthy runs stay silent, faults are found early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule, TrainingTrace } from '../../src/engine/diagnostics/types';
import { rule as diverged } from '../../src/engine/diagnostics/rules/diverged';
import { rule as explodingGradient } from '../../src/engine/diagnostics/rules/exploding-gradient';
import { rule as vanishingGradient } from '../../src/engine/diagnostics/rules/vanishing-gradient';
import { rule as explodingActivations } from '../../src/engine/diagnostics/rules/exploding-activations';
import { rule as deadRelu } from '../../src/engine/diagnostics/rules/dead-relu';
import { rule as saturatedActivation } from '../../src/engine/diagnostics/rules/saturated-activation';
import { rule as unchangedWeights } from '../../src/engine/diagnostics/rules/unchanged-weights';
import { bendProbes, bendSteps, healthyTrace, type HealthyOptions, type LayerSpec } from '../traceBuilder';
import { RULES, run, runAll, only, varIndex, truncated, TANH_LAYERS, DEEP_SIGMOID_LAYERS, WIDE_RELU, binaryTrace, regressionTrace, HEALTHY, seeded, DEFAULT_RELU, noisyHealthy, vanishing, blowingUp, frozen } from './gradientRules.fixtures';

for (const [name, make] of HEALTHY) {
  test(`healthy (${name}): no rule fires`, () => {
    assert.deepEqual(runAll(make()).map((f) => `${f.code}@${f.layer ?? ''}`), []);
  });
}

test('healthy quirks do not fire: rising gradients, some dead units, confident outputs, tiny biases, loss spike', () => {
  const t = healthyTrace();
  // Gradients rise 8× over the first epochs (common as training leaves the initial region).
  bendSteps(t, 0, (s) => { s.gradNorm = s.gradNorm.map((g) => g * Math.min(8, 1 + s.globalStep / 5)); });
  // 25 % dead units in a ReLU layer, a confident softmax output late in training.
  bendProbes(t, 'dense_2', 0, (a) => { a.deadFraction = 0.25; });
  bendProbes(t, 'dense_3', 100, (a) => { a.saturatedFraction = 0.95; });
  // Bias gradients tiny or exactly zero (e.g. a bias before batch norm), NaN update ratio of a zero bias at step 0.
  const b1 = varIndex(t, 'dense_1/bias');
  const b2 = varIndex(t, 'dense_2/bias');
  bendSteps(t, 0, (s) => { s.gradNorm[b1] = 1e-9; s.gradNorm[b2] = 0; s.updateRatio[b2] = 0; });
  t.steps[0].updateRatio[b1] = NaN;
  // One loss spike of 300× (a bad batch) and one of 2 steps.
  t.steps[60].loss *= 300;
  t.steps[90].loss *= 300;
  t.steps[91].loss *= 300;
  assert.deepEqual(runAll(t).map((f) => f.code), []);
});

test('healthy quirks: a gradient leaving a plateau (1e-4 → 1e-2 per weight) is not exploding', () => {
  const t = healthyTrace();
  const k = varIndex(t, 'dense_1/kernel'); // 256 weights: norm = 16 × RMS
  bendSteps(t, 0, (s) => { s.gradNorm[k] = 16 * (s.globalStep < 30 ? 1e-4 : 1e-2); });
  assert.deepEqual(run(explodingGradient, t), []);
});

test('healthy quirks: a layer frozen on purpose (trainable: false) is not "unchanged"', () => {
  const t = healthyTrace();
  t.layers[0].trainable = false;
  for (const v of t.variables) if (v.layer === 'dense_1') v.trainable = false;
  bendSteps(t, 0, (s) => { s.gradNorm[0] = 0; s.gradNorm[1] = 0; s.updateRatio[0] = 0; s.updateRatio[1] = 0; });
  assert.deepEqual(runAll(t), []);
});

test('healthy quirks: a sigmoid binary output and a sigmoid reconstruction output learning to saturate', () => {
  const bin = binaryTrace();
  bendProbes(bin, 'dense_3', 0, (a) => { a.saturatedFraction = 0.9; });
  assert.deepEqual(run(saturatedActivation, bin), []);
  const recon = regressionTrace([{ name: 'dense_1', activation: 'relu', inputs: 8, units: 16 }, { name: 'dense_2', activation: 'sigmoid', inputs: 16, units: 8 }]);
  bendProbes(recon, 'dense_2', 50, (a) => { a.saturatedFraction = 0.8; });
  assert.deepEqual(run(saturatedActivation, recon), []);
});

test('100 noisy healthy runs (seeded): no rule fires on any', () => {
  const rand = seeded(12345);
  const alarms: string[] = [];
  for (let r = 0; r < 100; r++) alarms.push(...runAll(noisyHealthy(rand, r)).map((f) => `run ${r}: ${f.code}@${f.layer ?? ''}`));
  assert.deepEqual(alarms, []);
});

test('noisy faulty runs (seeded): every rule finds its fault, at the right layer, before 20 % of the run', () => {
  const rand = seeded(777);
  const noisy = (x: number) => x * Math.exp(rand() - 0.5);
  type Fault = (t: TrainingTrace) => string | undefined; // injects a fault from step 0, returns the expected layer ('*': any)
  const faults: [Rule<any>, Fault][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    [diverged, (t) => { bendSteps(t, 0, (s) => { s.loss = noisy(Math.pow(2, s.globalStep)); }); return undefined; }],
    // Every layer explodes together: whichever the noise shows first may be named.
    [explodingGradient, (t) => { bendSteps(t, 0, (s) => { s.gradNorm = s.gradNorm.map((g) => noisy(g * Math.pow(2, s.globalStep))); }); return '*'; }],
    [vanishingGradient, (t) => {
      const k = varIndex(t, `${t.layers[0].name}/kernel`);
      bendSteps(t, 0, (s) => { s.gradNorm[k] = noisy(s.gradNorm[k] * 1e-5); s.updateRatio[k] = noisy(1e-7); });
      return t.layers[0].name;
    }],
    [explodingActivations, (t) => { for (const p of t.probes) p.layers.forEach((a, i) => { if (t.layers[i].activationKind !== 'softmax' && t.layers[i].activationKind !== 'sigmoid') a.rms = noisy(30 ** i); }); return t.layers[1].name; }],
    [deadRelu, (t) => { bendProbes(t, 'dense_1', 0, (a) => { a.deadFraction = 0.55 + 0.4 * rand(); }); return 'dense_1'; }],
    [saturatedActivation, (t) => { bendProbes(t, 'dense_1', 0, (a) => { a.saturatedFraction = 0.55 + 0.4 * rand(); }); return 'dense_1'; }],
    [unchangedWeights, (t) => { frozen(t, 'dense_2', 0); return 'dense_2'; }],
  ];
  const stackFor = new Map<string, LayerSpec[]>([['saturated-activation', TANH_LAYERS], ['vanishing-gradient', DEEP_SIGMOID_LAYERS], ['exploding-activations', WIDE_RELU]]);
  for (const [rule, inject] of faults) {
    let hits = 0;
    const misses: string[] = [];
    for (let r = 0; r < 30; r++) {
      const t = noisyHealthy(rand, r, stackFor.get(rule.meta.code) ?? DEFAULT_RELU);
      const layer = inject(t);
      const planned = t.config.epochs * t.config.stepsPerEpoch;
      const found = run(rule, truncated(t, Math.floor(0.2 * planned))).find((f) => layer === '*' || f.layer === layer);
      if (found) hits++; else misses.push(`run ${r} (${t.config.epochs}×${t.config.stepsPerEpoch})`);
    }
    assert.ok(hits >= 27, `${rule.meta.code}: found ${hits}/30; missed ${misses.join(', ')}`);
  }
});

test('unchanged-weights and vanishing-gradient do not both claim one layer', () => {
  const zero = runAll(frozen(healthyTrace({ layers: DEEP_SIGMOID_LAYERS }), 'dense_1', 0)).map((f) => f.code);
  assert.deepEqual(zero, ['unchanged-weights']);
  const tiny = healthyTrace({ layers: DEEP_SIGMOID_LAYERS });
  const k = varIndex(tiny, 'dense_1/kernel');
  const b = varIndex(tiny, 'dense_1/bias');
  bendSteps(tiny, 0, (s) => { s.gradNorm[k] *= 1e-9; s.gradNorm[b] *= 1e-9; s.updateRatio[k] = 0; s.updateRatio[b] = 0; });
  assert.deepEqual(runAll(tiny).map((f) => f.code), ['vanishing-gradient']);
});

test('faults present from the start are reported within the first 20 % of the planned steps', () => {
  type Make = (o: HealthyOptions) => TrainingTrace;
  const cases: [Rule<any>, Make, string?][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    [diverged, (o) => bendSteps(healthyTrace(o), 0, (s) => { s.loss = 1.1 * Math.pow(1.6, s.globalStep); })],
    // ×1.8 per step: 100× growth plus 5 confirming steps must fit in 16 steps of the 80-step run.
    [explodingGradient, (o) => bendSteps(healthyTrace(o), 0, (s) => { s.gradNorm = s.gradNorm.map((g) => g * Math.pow(1.8, s.globalStep)); }), 'dense_1'],
    [vanishingGradient, (o) => vanishing(0, o), 'dense_1'],
    [explodingActivations, (o) => blowingUp(healthyTrace({ ...o, layers: WIDE_RELU }), { dense_1: 1, dense_2: 15, dense_3: 220 }), 'dense_2'],
    [deadRelu, (o) => bendProbes(healthyTrace(o), 'dense_1', 0, (a) => { a.deadFraction = 0.8; }), 'dense_1'],
    [saturatedActivation, (o) => bendProbes(healthyTrace({ ...o, layers: TANH_LAYERS }), 'dense_1', 0, (a) => { a.saturatedFraction = 0.9; }), 'dense_1'],
    [unchangedWeights, (o) => frozen(healthyTrace(o), 'dense_2', 0), 'dense_2'],
  ];
  const runs: HealthyOptions[] = [{}, { epochs: 10, stepsPerEpoch: 50, probeEvery: 10 }, { epochs: 40, stepsPerEpoch: 2, probeEvery: 2 }];
  for (const [rule, make, layer] of cases) {
    for (const o of runs) {
      const full = make(o);
      const planned = full.config.epochs * full.config.stepsPerEpoch;
      const early = truncated(full, Math.floor(0.2 * planned));
      const f = only(rule, early);
      assert.ok(f.step! < 0.2 * planned, `${rule.meta.code} at ${f.step}`);
      if (layer) assert.equal(f.layer, layer, rule.meta.code);
      // The full run reports the same first detection: later data does not move it.
      assert.equal(only(rule, full).step, f.step, rule.meta.code);
    }
  }
});

test('rule metadata: codes, training phase, docs state the thresholds, defaults present', () => {
  const codes = RULES.map((r) => r.meta.code);
  assert.deepEqual(codes, ['diverged', 'exploding-gradient', 'vanishing-gradient', 'exploding-activations', 'dead-relu', 'saturated-activation', 'unchanged-weights']);
  for (const r of RULES) {
    assert.equal(r.meta.phase, 'training');
    assert.ok(r.meta.docs.length > 400, r.meta.code);
    assert.ok(/Fires/.test(r.meta.docs), r.meta.code);
    assert.ok(r.meta.fixes.length >= 4, r.meta.code);
    assert.ok(Object.keys(r.meta.defaultOptions).length >= 2, r.meta.code);
    assert.deepEqual(r.check(healthyTrace({ epochs: 0 }), r.meta.defaultOptions), [], `${r.meta.code} on an empty trace`);
  }
  // Pure: checking does not modify the trace.
  const t = bendProbes(frozen(bendSteps(healthyTrace(), 40, (s) => { s.loss = NaN; s.nonFinite = true; }), 'dense_2', 0), 'dense_1', 0, (a) => { a.deadFraction = 0.9; });
  const before = JSON.stringify(t);
  assert.ok(runAll(t).length >= 3, 'findings on a faulty trace');
  assert.equal(JSON.stringify(t), before);
});
