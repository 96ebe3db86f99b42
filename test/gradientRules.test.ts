// Tests of the gradient / activation training rules on synthetic traces: healthy runs stay silent, faults are found early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding, Rule, TrainingTrace } from '../src/engine/diagnostics/types';
import { rule as diverged } from '../src/engine/diagnostics/rules/diverged';
import { rule as explodingGradient } from '../src/engine/diagnostics/rules/exploding-gradient';
import { rule as vanishingGradient } from '../src/engine/diagnostics/rules/vanishing-gradient';
import { rule as explodingActivations } from '../src/engine/diagnostics/rules/exploding-activations';
import { rule as deadRelu } from '../src/engine/diagnostics/rules/dead-relu';
import { rule as saturatedActivation } from '../src/engine/diagnostics/rules/saturated-activation';
import { rule as unchangedWeights } from '../src/engine/diagnostics/rules/unchanged-weights';
import { consecutiveRun, median, sustainedStart, sustainWindow } from '../src/engine/diagnostics/rules/stats';
import { bendProbes, bendSteps, DEFAULT_LAYERS, healthyTrace, type HealthyOptions, type LayerSpec } from './traceBuilder';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const RULES: Rule<any>[] = [diverged, explodingGradient, vanishingGradient, explodingActivations, deadRelu, saturatedActivation, unchangedWeights];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function run(rule: Rule<any>, trace: TrainingTrace): Finding[] {
  return rule.check(trace, rule.meta.defaultOptions);
}

function runAll(trace: TrainingTrace): Finding[] {
  return RULES.flatMap((r) => run(r, trace));
}

/** The single finding a rule must give. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function only(rule: Rule<any>, trace: TrainingTrace): Finding {
  const findings = run(rule, trace);
  assert.equal(findings.length, 1, `${rule.meta.code}: expected one finding, got ${JSON.stringify(findings.map((f) => f.message))}`);
  const f = findings[0];
  assert.equal(f.code, rule.meta.code);
  assert.equal(f.severity, rule.meta.defaultSeverity);
  assert.ok(f.message.length > 20 && f.fixes.length > 0, f.message);
  assert.equal(f.location, undefined);
  return f;
}

function varIndex(trace: TrainingTrace, name: string): number {
  const i = trace.variables.findIndex((v) => v.name === name);
  assert.ok(i >= 0, name);
  return i;
}

/** What the engine would have recorded by `step` (exclusive): the early report the product promises. */
function truncated(trace: TrainingTrace, step: number): TrainingTrace {
  const spe = trace.config.stepsPerEpoch;
  return { ...trace, steps: trace.steps.filter((s) => s.globalStep < step), probes: trace.probes.filter((p) => p.globalStep < step), epochs: trace.epochs.filter((e) => (e.epoch + 1) * spe <= step) };
}

const TANH_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'tanh', inputs: 8, units: 32 },
  { name: 'dense_2', activation: 'tanh', inputs: 32, units: 32 },
  { name: 'dense_3', activation: 'softmax', inputs: 32, units: 3 },
];
const SIGMOID_BINARY_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'sigmoid', inputs: 8, units: 16 },
  { name: 'dense_2', activation: 'sigmoid', inputs: 16, units: 16 },
  { name: 'dense_3', activation: 'sigmoid', inputs: 16, units: 1 },
];
const DEEP_RELU_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 64, units: 128 },
  ...[2, 3, 4, 5].map((i) => ({ name: `dense_${i}`, activation: 'relu', inputs: 128, units: 128 })),
  { name: 'dense_6', activation: 'softmax', inputs: 128, units: 10 },
];
const DEEP_SIGMOID_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'sigmoid', inputs: 8, units: 32 },
  ...[2, 3, 4].map((i) => ({ name: `dense_${i}`, activation: 'sigmoid', inputs: 32, units: 32 })),
  { name: 'dense_5', activation: 'softmax', inputs: 32, units: 3 },
];
const WIDE_RELU: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 8, units: 256, initializers: { kernel: 'randomNormal', bias: 'zeros' } },
  { name: 'dense_2', activation: 'relu', inputs: 256, units: 256, initializers: { kernel: 'randomNormal', bias: 'zeros' } },
  { name: 'dense_3', activation: 'relu', inputs: 256, units: 256, initializers: { kernel: 'randomNormal', bias: 'zeros' } },
  { name: 'dense_4', activation: 'softmax', inputs: 256, units: 3 },
];
const REGRESSION_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
  { name: 'dense_2', activation: 'linear', inputs: 32, units: 1 },
];

function binaryTrace(o: HealthyOptions = {}): TrainingTrace {
  const t = healthyTrace({ layers: SIGMOID_BINARY_LAYERS, ...o });
  t.config.lossName = 'binaryCrossentropy';
  return t;
}

function regressionTrace(layers: LayerSpec[] = REGRESSION_LAYERS): TrainingTrace {
  const t = healthyTrace({ layers });
  t.config.lossName = 'meanSquaredError';
  t.data = { ...t.data, task: 'regression', targetLayout: 'regression', numClasses: undefined, classCounts: undefined };
  return t;
}

// ---------------------------------------------------------------- helpers

test('stats: median, consecutiveRun, sustainedStart, sustainWindow', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 2, 3]), 2.5);
  assert.equal(median([NaN, 5, Infinity]), 5);
  assert.ok(Number.isNaN(median([])), 'median of nothing');
  assert.equal(consecutiveRun([true, false, true, true, true], 3), 2);
  assert.equal(consecutiveRun([true, true, false, true], 3), -1);
  assert.equal(sustainedStart([false, true, true, false, true, true], 4, 0.75), 1);
  assert.equal(sustainedStart([true, false, false, true], 4, 0.75), -1);
  const t = healthyTrace(); // 200 planned steps
  assert.equal(sustainWindow(t, 20), 20);
  assert.equal(sustainWindow(t, 100), 20); // capped at 10 % of the run
  assert.equal(sustainWindow(healthyTrace({ epochs: 2, stepsPerEpoch: 5 }), 20), 5); // never below 5
});

// ---------------------------------------------------------------- healthy runs

const HEALTHY: [string, () => TrainingTrace][] = [
  ['default relu classifier', () => healthyTrace()],
  ['5 long epochs', () => healthyTrace({ epochs: 5, stepsPerEpoch: 40 })],
  ['50 epochs of 3 steps', () => healthyTrace({ epochs: 50, stepsPerEpoch: 3, probeEvery: 3 })],
  ['a very short run', () => healthyTrace({ epochs: 1, stepsPerEpoch: 3, probeEvery: 1 })],
  ['tanh hidden layers', () => healthyTrace({ layers: TANH_LAYERS })],
  ['sigmoid hidden layers, binary classifier', () => binaryTrace()],
  ['deep relu stack', () => healthyTrace({ layers: DEEP_RELU_LAYERS, epochs: 10, stepsPerEpoch: 30, probeEvery: 10 })],
  ['deep sigmoid stack', () => healthyTrace({ layers: DEEP_SIGMOID_LAYERS })],
  ['logistic regression (one layer)', () => healthyTrace({ layers: [{ name: 'dense_1', activation: 'softmax', inputs: 8, units: 3 }] })],
  ['linear regression output', () => regressionTrace()],
  ['slow loss, flat accuracy', () => healthyTrace({ loss: (t) => 1.1 - 0.01 * t })],
];

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

/** A seeded random generator in [0, 1). */
function seeded(seed: number): () => number {
  return () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
}

const DEFAULT_RELU = DEFAULT_LAYERS;
const STACKS = [undefined, TANH_LAYERS, DEEP_RELU_LAYERS, DEEP_SIGMOID_LAYERS, SIGMOID_BINARY_LAYERS];

/** A healthy run with random length, stack and heavy noise on every measured quantity. */
function noisyHealthy(rand: () => number, r: number, layers = STACKS[r % STACKS.length]): TrainingTrace {
  const t = healthyTrace({ layers, epochs: 5 + Math.floor(rand() * 40), stepsPerEpoch: 2 + Math.floor(rand() * 30), probeEvery: 1 + Math.floor(rand() * 4) });
  const scale = t.variables.map(() => Math.exp(2 * (rand() - 0.5))); // layers differ up to e× in gradient scale
  bendSteps(t, 0, (s) => {
    // Log-normal batch noise (up to ~2×) on gradients, update ratios and the loss.
    s.gradNorm = s.gradNorm.map((g, i) => g * scale[i] * Math.exp(1.4 * (rand() - 0.5)));
    s.updateRatio = s.updateRatio.map((u) => u * Math.exp(1.4 * (rand() - 0.5)));
    s.loss *= Math.exp(0.6 * (rand() - 0.5));
  });
  for (const p of t.probes) for (const a of p.layers) {
    a.rms *= Math.exp(rand() - 0.5);
    if (a.deadFraction !== undefined) a.deadFraction = 0.35 * rand();
    if (a.saturatedFraction !== undefined) a.saturatedFraction = 0.3 * rand();
  }
  return t;
}

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

// ---------------------------------------------------------------- diverged

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

// ---------------------------------------------------------------- exploding gradient

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

// ---------------------------------------------------------------- vanishing gradient

function vanishing(from = 0, o: HealthyOptions = {}): TrainingTrace {
  const t = healthyTrace({ ...o, layers: DEEP_SIGMOID_LAYERS });
  // SGD-like: the first two layers get 1e-7 of the gradient and barely move.
  for (const name of ['dense_1', 'dense_2']) {
    const k = varIndex(t, `${name}/kernel`);
    bendSteps(t, from, (s) => { s.gradNorm[k] *= 1e-6; s.updateRatio[k] = 1e-8; });
  }
  return t;
}

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

// ---------------------------------------------------------------- exploding activations


function blowingUp(t: TrainingTrace, rms: Record<string, number>, from = 0, to = Infinity): TrainingTrace {
  for (const p of t.probes) {
    if (p.globalStep < from || p.globalStep >= to) continue;
    for (const a of p.layers) if (rms[a.layer] !== undefined) { a.rms = rms[a.layer]; a.maxAbs = 5 * rms[a.layer]; }
  }
  return t;
}

test('exploding-activations: RMS growing ≥ 4× per layer to ≥ 30 at the first probes points at where growth starts', () => {
  const t = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1.2, dense_2: 15, dense_3: 220 });
  const f = only(explodingActivations, t);
  assert.equal(f.layer, 'dense_2');
  assert.equal(f.step, 0);
  assert.equal(f.epoch, 0);
  assert.equal(f.evidence.reason, 'growth');
  assert.equal(f.evidence.initializer, 'randomNormal');
  assert.ok((f.evidence.growth as number) >= 4, String(f.evidence.growth));
  // stddev-1 init on 128-wide ReLU layers: ×8 per layer (6 → 47 → 356).
  const eight = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 6.1, dense_2: 47, dense_3: 356 });
  assert.equal(only(explodingActivations, eight).layer, 'dense_2');
});

test('exploding-activations: an RMS ≥ 1000 (unnormalized inputs) fires at that layer; a bounded softmax is never it', () => {
  const t = blowingUp(healthyTrace(), { dense_1: 4000, dense_2: 3000 });
  const f = only(explodingActivations, t);
  assert.equal(f.layer, 'dense_1');
  assert.equal(f.evidence.reason, 'magnitude');
  // The same first layer fed raw, unscaled features is left to unnormalized-inputs.
  const raw = blowingUp(healthyTrace(), { dense_1: 4000 });
  raw.data = { ...raw.data, normalized: false, featureMean: [5000, 1, 0, 0, 0, 0, 0, 0], featureStd: [2000, 1, 1, 1, 1, 1, 1, 1] };
  assert.deepEqual(run(explodingActivations, raw), []);
});

test('exploding-activations: needs two consecutive probes, and only at the start of training', () => {
  const once = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1, dense_2: 15, dense_3: 220 }, 0, 5);
  assert.deepEqual(run(explodingActivations, once), []);
  const late = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1, dense_2: 15, dense_3: 220 }, 100);
  assert.deepEqual(run(explodingActivations, late), []);
  // One large step alone, or growth that stays small in magnitude (below 30), does not count.
  const single = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1, dense_2: 12, dense_3: 20 });
  assert.deepEqual(run(explodingActivations, single), []);
  const modest = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 0.5, dense_2: 2.5, dense_3: 12 });
  assert.deepEqual(run(explodingActivations, modest), []);
  const tiny = blowingUp(healthyTrace({ layers: WIDE_RELU }), { dense_1: 1e-4, dense_2: 1e-3, dense_3: 1e-2 });
  assert.deepEqual(run(explodingActivations, tiny), []);
});

// ---------------------------------------------------------------- dead relu

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

// ---------------------------------------------------------------- saturated activation

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

// ---------------------------------------------------------------- unchanged weights

function frozen(t: TrainingTrace, layer: string, from: number, to = Infinity, keepGradient = false): TrainingTrace {
  const idx = t.variables.flatMap((v, i) => (v.layer === layer ? [i] : []));
  return bendSteps(t, from, (s) => {
    if (s.globalStep >= to) return;
    for (const i of idx) { if (!keepGradient) s.gradNorm[i] = 0; s.updateRatio[i] = 0; }
  });
}

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

test('unchanged-weights and vanishing-gradient do not both claim one layer', () => {
  const zero = runAll(frozen(healthyTrace({ layers: DEEP_SIGMOID_LAYERS }), 'dense_1', 0)).map((f) => f.code);
  assert.deepEqual(zero, ['unchanged-weights']);
  const tiny = healthyTrace({ layers: DEEP_SIGMOID_LAYERS });
  const k = varIndex(tiny, 'dense_1/kernel');
  const b = varIndex(tiny, 'dense_1/bias');
  bendSteps(tiny, 0, (s) => { s.gradNorm[k] *= 1e-9; s.gradNorm[b] *= 1e-9; s.updateRatio[k] = 0; s.updateRatio[b] = 0; });
  assert.deepEqual(runAll(tiny).map((f) => f.code), ['vanishing-gradient']);
});

// ---------------------------------------------------------------- early reporting

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
