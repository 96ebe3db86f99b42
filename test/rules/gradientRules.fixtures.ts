// Traces and helpers shared by the rule tests that came from test/gradientRules.test.ts.
import assert from 'node:assert/strict';
import type { Finding, Rule, TrainingTrace } from '../../src/engine/diagnostics/types';
import { rule as diverged } from '../../src/engine/diagnostics/rules/diverged';
import { rule as explodingGradient } from '../../src/engine/diagnostics/rules/exploding-gradient';
import { rule as vanishingGradient } from '../../src/engine/diagnostics/rules/vanishing-gradient';
import { rule as explodingActivations } from '../../src/engine/diagnostics/rules/exploding-activations';
import { rule as deadRelu } from '../../src/engine/diagnostics/rules/dead-relu';
import { rule as saturatedActivation } from '../../src/engine/diagnostics/rules/saturated-activation';
import { rule as unchangedWeights } from '../../src/engine/diagnostics/rules/unchanged-weights';
import { bendSteps, DEFAULT_LAYERS, healthyTrace, type HealthyOptions, type LayerSpec } from '../traceBuilder';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RULES: Rule<any>[] = [diverged, explodingGradient, vanishingGradient, explodingActivations, deadRelu, saturatedActivation, unchangedWeights];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function run(rule: Rule<any>, trace: TrainingTrace): Finding[] {
  return rule.check(trace, rule.meta.defaultOptions);
}

export function runAll(trace: TrainingTrace): Finding[] {
  return RULES.flatMap((r) => run(r, trace));
}

/** The single finding a rule must give. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function only(rule: Rule<any>, trace: TrainingTrace): Finding {
  const findings = run(rule, trace);
  assert.equal(findings.length, 1, `${rule.meta.code}: expected one finding, got ${JSON.stringify(findings.map((f) => f.message))}`);
  const f = findings[0];
  assert.equal(f.code, rule.meta.code);
  assert.equal(f.severity, rule.meta.defaultSeverity);
  assert.ok(f.message.length > 20 && f.fixes.length > 0, f.message);
  assert.equal(f.location, undefined);
  return f;
}

export function varIndex(trace: TrainingTrace, name: string): number {
  const i = trace.variables.findIndex((v) => v.name === name);
  assert.ok(i >= 0, name);
  return i;
}

/** What the engine would have recorded by `step` (exclusive): the early report the product promises. */
export function truncated(trace: TrainingTrace, step: number): TrainingTrace {
  const spe = trace.config.stepsPerEpoch;
  return { ...trace, steps: trace.steps.filter((s) => s.globalStep < step), probes: trace.probes.filter((p) => p.globalStep < step), epochs: trace.epochs.filter((e) => (e.epoch + 1) * spe <= step) };
}

export const TANH_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'tanh', inputs: 8, units: 32 },
  { name: 'dense_2', activation: 'tanh', inputs: 32, units: 32 },
  { name: 'dense_3', activation: 'softmax', inputs: 32, units: 3 },
];
export const SIGMOID_BINARY_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'sigmoid', inputs: 8, units: 16 },
  { name: 'dense_2', activation: 'sigmoid', inputs: 16, units: 16 },
  { name: 'dense_3', activation: 'sigmoid', inputs: 16, units: 1 },
];
export const DEEP_RELU_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 64, units: 128 },
  ...[2, 3, 4, 5].map((i) => ({ name: `dense_${i}`, activation: 'relu', inputs: 128, units: 128 })),
  { name: 'dense_6', activation: 'softmax', inputs: 128, units: 10 },
];
export const DEEP_SIGMOID_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'sigmoid', inputs: 8, units: 32 },
  ...[2, 3, 4].map((i) => ({ name: `dense_${i}`, activation: 'sigmoid', inputs: 32, units: 32 })),
  { name: 'dense_5', activation: 'softmax', inputs: 32, units: 3 },
];
export const WIDE_RELU: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 8, units: 256, initializers: { kernel: 'randomNormal', bias: 'zeros' } },
  { name: 'dense_2', activation: 'relu', inputs: 256, units: 256, initializers: { kernel: 'randomNormal', bias: 'zeros' } },
  { name: 'dense_3', activation: 'relu', inputs: 256, units: 256, initializers: { kernel: 'randomNormal', bias: 'zeros' } },
  { name: 'dense_4', activation: 'softmax', inputs: 256, units: 3 },
];
export const REGRESSION_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
  { name: 'dense_2', activation: 'linear', inputs: 32, units: 1 },
];

export function binaryTrace(o: HealthyOptions = {}): TrainingTrace {
  const t = healthyTrace({ layers: SIGMOID_BINARY_LAYERS, ...o });
  t.config.lossName = 'binaryCrossentropy';
  return t;
}

export function regressionTrace(layers: LayerSpec[] = REGRESSION_LAYERS): TrainingTrace {
  const t = healthyTrace({ layers });
  t.config.lossName = 'meanSquaredError';
  t.data = { ...t.data, task: 'regression', targetLayout: 'regression', numClasses: undefined, classCounts: undefined };
  return t;
}

// ---------------------------------------------------------------- helpers


// ---------------------------------------------------------------- healthy runs

export const HEALTHY: [string, () => TrainingTrace][] = [
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






/** A seeded random generator in [0, 1). */
export function seeded(seed: number): () => number {
  return () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
}

export const DEFAULT_RELU = DEFAULT_LAYERS;
export const STACKS = [undefined, TANH_LAYERS, DEEP_RELU_LAYERS, DEEP_SIGMOID_LAYERS, SIGMOID_BINARY_LAYERS];

/** A healthy run with random length, stack and heavy noise on every measured quantity. */
export function noisyHealthy(rand: () => number, r: number, layers = STACKS[r % STACKS.length]): TrainingTrace {
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



// ---------------------------------------------------------------- diverged











// ---------------------------------------------------------------- exploding gradient







// ---------------------------------------------------------------- vanishing gradient

export function vanishing(from = 0, o: HealthyOptions = {}): TrainingTrace {
  const t = healthyTrace({ ...o, layers: DEEP_SIGMOID_LAYERS });
  // SGD-like: the first two layers get 1e-7 of the gradient and barely move.
  for (const name of ['dense_1', 'dense_2']) {
    const k = varIndex(t, `${name}/kernel`);
    bendSteps(t, from, (s) => { s.gradNorm[k] *= 1e-6; s.updateRatio[k] = 1e-8; });
  }
  return t;
}







// ---------------------------------------------------------------- exploding activations


export function blowingUp(t: TrainingTrace, rms: Record<string, number>, from = 0, to = Infinity): TrainingTrace {
  for (const p of t.probes) {
    if (p.globalStep < from || p.globalStep >= to) continue;
    for (const a of p.layers) if (rms[a.layer] !== undefined) { a.rms = rms[a.layer]; a.maxAbs = 5 * rms[a.layer]; }
  }
  return t;
}




// ---------------------------------------------------------------- dead relu




// ---------------------------------------------------------------- saturated activation




// ---------------------------------------------------------------- unchanged weights

export function frozen(t: TrainingTrace, layer: string, from: number, to = Infinity, keepGradient = false): TrainingTrace {
  const idx = t.variables.flatMap((v, i) => (v.layer === layer ? [i] : []));
  return bendSteps(t, from, (s) => {
    if (s.globalStep >= to) return;
    for (const i of idx) { if (!keepGradient) s.gradNorm[i] = 0; s.updateRatio[i] = 0; }
  });
}







// ---------------------------------------------------------------- early reporting
