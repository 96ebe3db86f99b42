// Static rules (before training, on layers, config and data facts): each fires on a faulty setup and stays
// silent on the correct one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataFacts, Finding, Rule, TraceConfig, TrainingTrace } from '../src/engine/diagnostics/types';
import { healthyTrace, layersOf, type LayerSpec } from './traceBuilder';
import { ALL_RULES as REGISTRY } from '../src/engine/diagnostics/rules/index';
import { rule as lossActivationMismatch } from '../src/engine/diagnostics/rules/loss-activation-mismatch';
import { rule as unnormalizedInputs } from '../src/engine/diagnostics/rules/unnormalized-inputs';
import { rule as unnormalizedTargets } from '../src/engine/diagnostics/rules/unnormalized-targets';
import { rule as classImbalance } from '../src/engine/diagnostics/rules/class-imbalance';
import { rule as labelOutOfRange } from '../src/engine/diagnostics/rules/label-out-of-range';
import { rule as learningRateRange } from '../src/engine/diagnostics/rules/learning-rate-range';

const STATIC_RULES = [lossActivationMismatch, unnormalizedInputs, unnormalizedTargets, classImbalance, labelOutOfRange, learningRateRange] as Rule<object>[];

interface Setup {
  /** The output layer (the hidden layers stay ReLU). */
  output?: LayerSpec;
  config?: Partial<TraceConfig>;
  data?: Partial<DataFacts>;
}

/** A trace as the static rules see it: model, config and data facts, no training records. */
function staticTrace(s: Setup = {}): TrainingTrace {
  const base = healthyTrace();
  const { layers, variables } = layersOf([
    { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
    { name: 'dense_2', activation: 'relu', inputs: 32, units: 32 },
    s.output ?? { name: 'dense_3', activation: 'softmax', inputs: 32, units: 3 },
  ]);
  return { ...base, layers, variables, config: { ...base.config, ...s.config }, data: { ...base.data, ...s.data }, steps: [], epochs: [], probes: [] };
}

const REGRESSION: Partial<DataFacts> = {
  task: 'regression', targetLayout: 'regression', numClasses: undefined, classCounts: undefined, chanceAccuracy: undefined,
  trivialLoss: 1, targetMean: 0, targetStd: 1, labelMin: undefined, labelMax: undefined,
};
const BINARY: Partial<DataFacts> = { numClasses: 2, classCounts: [60, 60], chanceAccuracy: 0.5, trivialLoss: Math.log(2), targetLayout: 'binary', labelMin: 0, labelMax: 1 };

function run(rule: Rule<object>, trace: TrainingTrace): Finding[] {
  return rule.check(trace, rule.meta.defaultOptions);
}

function one(rule: Rule<object>, trace: TrainingTrace): Finding {
  const found = run(rule, trace);
  assert.equal(found.length, 1, `expected one ${rule.meta.code} finding, got ${JSON.stringify(found)}`);
  assert.equal(found[0].code, rule.meta.code);
  assert.equal(found[0].epoch, undefined);
  assert.ok(found[0].fixes.length > 0);
  return found[0];
}

test('a correct classifier setup gives no static finding', () => {
  for (const rule of STATIC_RULES) assert.deepEqual(run(rule, staticTrace()), [], rule.meta.code);
});

// ---------------------------------------------------------------- loss-activation-mismatch

test('loss-activation-mismatch: correct pairings are silent', () => {
  const cases: Setup[] = [
    {}, // softmax + categoricalCrossentropy
    { config: { lossName: 'sparseCategoricalCrossentropy' }, data: { targetLayout: 'index' } },
    { output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY },
    { output: { name: 'out', activation: 'linear', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: REGRESSION },
    { output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...REGRESSION, labelMin: 0, labelMax: 1 } },
  ];
  for (const c of cases) assert.deepEqual(run(lossActivationMismatch, staticTrace(c)), [], JSON.stringify(c));
});

test('loss-activation-mismatch: categorical cross-entropy without softmax is an error on the output layer', () => {
  const f = one(lossActivationMismatch, staticTrace({ output: { name: 'logits', activation: 'linear', inputs: 32, units: 3 } }));
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'logits' });
  assert.equal(f.layer, 'logits');
  assert.equal(f.evidence.outputUnits, 3);
  assert.match(f.message, /categoricalCrossentropy/);
  assert.match(f.fixes[0], /softmax/);
  assert.equal(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'relu', inputs: 32, units: 3 }, config: { lossName: 'sparseCategoricalCrossentropy' } })).severity, 'error');
});

test('loss-activation-mismatch: mean squared error on one-hot class labels through a softmax is a warning on the loss line, naming the cross-entropy to use', () => {
  const f = one(lossActivationMismatch, staticTrace({ config: { lossName: 'meanSquaredError' }, data: { targetLayout: 'one-hot' } }));
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.target, { kind: 'config', key: 'loss' });
  assert.match(f.fixes[0], /categoricalCrossentropy/);
  const binary = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...BINARY, targetLayout: 'index' } }));
  assert.match(binary.fixes[0], /binaryCrossentropy/);
  // Index labels 0..9 into a softmax can only come through a sparse loss: not this case.
  assert.deepEqual(run(lossActivationMismatch, staticTrace({ config: { lossName: 'meanSquaredError' }, data: { targetLayout: 'index', labelMin: 0, labelMax: 2 } })), []);
});

test('loss-activation-mismatch: sigmoid outputs with categorical cross-entropy are a warning', () => {
  assert.equal(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 3 } })).severity, 'warning');
});

test('loss-activation-mismatch: a single-unit softmax is an error with either cross-entropy', () => {
  assert.match(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 1 } })).message, /single output unit/);
  const f = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY }));
  assert.equal(f.severity, 'error');
  assert.match(f.message, /always 1/);
});

test('loss-activation-mismatch: binary cross-entropy needs a sigmoid', () => {
  const linear = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'linear', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY }));
  assert.equal(linear.severity, 'error');
  assert.match(linear.fixes[0], /sigmoid/);
  const softmax2 = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 2 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, targetLayout: 'one-hot' } }));
  assert.equal(softmax2.severity, 'warning');
  assert.equal(softmax2.layer, 'out', 'two classes: the softmax over two units is the odd part');
  // Five one-hot classes agree with a 5-unit softmax: the loss is the line to change.
  const five = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 5 }, config: { lossName: 'binaryCrossentropy' }, data: { numClasses: 5, classCounts: [20, 20, 20, 20, 20], chanceAccuracy: 0.2, trivialLoss: Math.log(5), targetLayout: 'one-hot', labelMin: 0, labelMax: 1 } }));
  assert.deepEqual(five.target, { kind: 'config', key: 'loss' });
  assert.match(five.message, /5 classes/);
  assert.match(five.fixes[0], /'categoricalCrossentropy' with the softmax/);
});

test('loss-activation-mismatch: MSE on a regression target with a softmax or sigmoid output', () => {
  assert.equal(one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'softmax', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: REGRESSION })).severity, 'error');
  const sigmoid = one(lossActivationMismatch, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...REGRESSION, targetMean: 150, targetStd: 70 } }));
  assert.equal(sigmoid.severity, 'error');
  assert.match(sigmoid.message, /\(0, 1\)/);
});

test('loss-activation-mismatch: the activation of an Activation layer after the Dense, and Dropout after it, are seen through', () => {
  const { layers, variables } = layersOf([
    { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
    { name: 'dense_2', activation: 'linear', inputs: 32, units: 3 },
    { name: 'act', className: 'Activation', activation: 'softmax' },
    { name: 'drop', className: 'Dropout', activation: 'linear' },
  ]);
  const trace = { ...staticTrace(), layers, variables: variables.filter((v) => v.layer !== 'act' && v.layer !== 'drop') };
  assert.deepEqual(run(lossActivationMismatch, trace), []);
  trace.layers[2] = { ...trace.layers[2], activation: 'linear', activationKind: 'linear' };
  assert.deepEqual(one(lossActivationMismatch, trace).target, { kind: 'layer', layer: 'act' });
});

// ---------------------------------------------------------------- unnormalized-inputs

test('unnormalized-inputs: feature scales 500× apart, without normalization', () => {
  const f = one(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [0, 0, 0, 0], featureStd: [1, 0.8, 1.2, 400] } }));
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.ok((f.evidence.scaleRatio as number) >= 100);
  assert.equal(f.evidence.maxStdFeature, 3);
  assert.match(f.fixes[0], /normalize/);
});

test('unnormalized-inputs: a large mean (raw pixel values 0–255)', () => {
  const f = one(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [120, 130, 110], featureStd: [60, 70, 65] } }));
  assert.match(f.message, /mean 130/);
  assert.ok(f.fixes.some((x) => /255/.test(x)));
});

test('unnormalized-inputs: silent when the engine normalized, or the raw features are already on a unit scale', () => {
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: true, featureMean: [120, 0], featureStd: [60, 0.01] } })), []);
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [0.5, -0.2, 0.1], featureStd: [1, 2, 0.5] } })), []);
  // Image-like: a few near-constant border pixels do not make the scales "differ".
  const std = Array.from({ length: 64 }, (_, i) => (i % 8 === 0 ? 0.01 : 0.3 + (i % 5) * 0.1));
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: std.map(() => 0.2), featureStd: std } })), []);
});

test('unnormalized-inputs: a constant column (its std is float noise) is left out of the scale ratio', () => {
  // A constant column of 15.5 has a float std of ~1e-16, not a scale: the ratio must not read "1.7e17×".
  const f = one(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [15.5, 0, 0], featureStd: [1.8e-15, 1, 300] } }));
  assert.ok((f.evidence.scaleRatio as number) < 1000, `ratio ${f.evidence.scaleRatio}`);
  assert.doesNotMatch(f.message, /e1\d×/);
  const constantOnly = run(unnormalizedInputs, staticTrace({ data: { normalized: false, featureMean: [15.5, 0.1, 0.2], featureStd: [1.8e-15, 1, 1.5] } }));
  assert.deepEqual(constantOnly, [], JSON.stringify(constantOnly));
});

test('unnormalized-inputs and constant-features: silent for token ids that feed an Embedding', () => {
  assert.deepEqual(run(unnormalizedInputs, staticTrace({ data: { normalized: false, featuresAreIds: true, featureMean: [15.5, 3], featureStd: [8, 0.5] } })), []);
  const constantFeatures = REGISTRY.find((r) => r.meta.code === 'constant-features')!;
  const facts = { features: 12, count: 4, indices: [0, 1, 2, 3] };
  assert.equal(run(constantFeatures, staticTrace({ data: { constantFeatures: facts } })).length, 1);
  assert.deepEqual(run(constantFeatures, staticTrace({ data: { constantFeatures: facts, featuresAreIds: true } })), []);
});

// ---------------------------------------------------------------- unnormalized-targets

test('unnormalized-targets: MSE regression on targets of scale 150', () => {
  const f = one(unnormalizedTargets, staticTrace({ output: { name: 'out', activation: 'linear', inputs: 32, units: 1 }, config: { lossName: 'meanSquaredError' }, data: { ...REGRESSION, targetMean: 152, targetStd: 77 } }));
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.equal(f.evidence.threshold, 10);
  assert.match(f.message, /mean 152 and std 77/);
});

test('unnormalized-targets: silent for standardized targets, for MAE, and for classification', () => {
  const out: LayerSpec = { name: 'out', activation: 'linear', inputs: 32, units: 1 };
  assert.deepEqual(run(unnormalizedTargets, staticTrace({ output: out, config: { lossName: 'meanSquaredError' }, data: REGRESSION })), []);
  assert.deepEqual(run(unnormalizedTargets, staticTrace({ output: out, config: { lossName: 'meanAbsoluteError' }, data: { ...REGRESSION, targetMean: 152, targetStd: 77 } })), []);
  assert.deepEqual(run(unnormalizedTargets, staticTrace()), []);
});

// ---------------------------------------------------------------- class-imbalance

test('class-imbalance: 25:1 between the largest and smallest class, with the counts in the message', () => {
  const f = one(classImbalance, staticTrace({ data: { classCounts: [500, 20, 30], chanceAccuracy: 500 / 550 } }));
  assert.equal(f.severity, 'warning');
  assert.equal(f.evidence.ratio, 25);
  assert.equal(f.evidence.smallestClass, 1);
  assert.match(f.message, /500, 20, 30/);
  assert.match(f.fixes[0], /[Ww]eight/);
});

test('class-imbalance: balanced, exactly 10:1, and an empty class are not reported', () => {
  assert.deepEqual(run(classImbalance, staticTrace()), []);
  assert.deepEqual(run(classImbalance, staticTrace({ data: { classCounts: [100, 10, 50] } })), []);
  assert.deepEqual(run(classImbalance, staticTrace({ data: { classCounts: [100, 0, 50] } })), []);
});

// ---------------------------------------------------------------- label-out-of-range

test('label-out-of-range: class index ≥ output units (labels 1..3 for 3 units)', () => {
  const f = one(labelOutOfRange, staticTrace({ config: { lossName: 'sparseCategoricalCrossentropy' }, data: { targetLayout: 'index', labelMin: 1, labelMax: 3 } }));
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.target, { kind: 'layer', layer: 'dense_3' });
  assert.equal(f.evidence.outputUnits, 3);
  assert.equal(f.evidence.labelMax, 3);
  assert.match(f.fixes[0], /4 units/);
});

test('label-out-of-range: negative class labels, and binary targets coded −1/1', () => {
  assert.match(one(labelOutOfRange, staticTrace({ data: { targetLayout: 'index', labelMin: -1, labelMax: 1 } })).message, /−1|-1/);
  const binary = one(labelOutOfRange, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, labelMin: -1, labelMax: 1 } }));
  assert.match(binary.message, /\[0, 1\]/);
  // binaryCrossentropy on ±1 labels: the facts call the task regression, the layout is still binary.
  assert.equal(run(labelOutOfRange, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: { ...BINARY, task: 'regression', labelMin: -1, labelMax: 1 } })).length, 1);
});

test('label-out-of-range: labels that fit are silent (index 0..2 on 3 units, 0/1 binary, one-hot)', () => {
  assert.deepEqual(run(labelOutOfRange, staticTrace({ data: { targetLayout: 'index', labelMin: 0, labelMax: 2 } })), []);
  assert.deepEqual(run(labelOutOfRange, staticTrace({ output: { name: 'out', activation: 'sigmoid', inputs: 32, units: 1 }, config: { lossName: 'binaryCrossentropy' }, data: BINARY })), []);
  assert.deepEqual(run(labelOutOfRange, staticTrace({ data: { targetLayout: 'one-hot', labelMin: undefined, labelMax: undefined } })), []);
});

// ---------------------------------------------------------------- learning-rate-range

test('learning-rate-range: far above and far below the optimizer\'s usual range', () => {
  const high = one(learningRateRange, staticTrace({ config: { optimizerName: 'adam', learningRate: 0.5 } }));
  assert.equal(high.severity, 'warning');
  assert.deepEqual(high.target, { kind: 'config', key: 'learningRate' });
  assert.equal(high.evidence.direction, 'high');
  assert.equal(high.evidence.rangeHigh, 0.1);
  assert.match(high.message, /far above/);
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'adam', learningRate: 1e-7 } })).evidence.direction, 'low');
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'sgd', learningRate: 5 } })).evidence.direction, 'high');
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'momentum', learningRate: 0 } })).evidence.direction, 'low');
  // A user-supplied tf.Optimizer is named by its class.
  assert.equal(one(learningRateRange, staticTrace({ config: { optimizerName: 'AdamOptimizer', learningRate: 0.3 } })).evidence.optimizer, 'adam');
});

test('learning-rate-range: usual rates and unknown optimizers are silent', () => {
  const cases: [string, number][] = [['adam', 1e-3], ['adam', 0.1], ['rmsprop', 1e-4], ['sgd', 0.01], ['sgd', 0.5], ['momentum', 0.1], ['adagrad', 0.01], ['adadelta', 1], ['adamw', 3e-4], ['MyOptimizer', 50]];
  for (const [optimizerName, learningRate] of cases) {
    assert.deepEqual(run(learningRateRange, staticTrace({ config: { optimizerName, learningRate } })), [], `${optimizerName} ${learningRate}`);
  }
});

test('every static rule documents its thresholds and has the static phase', () => {
  for (const r of STATIC_RULES) {
    assert.equal(r.meta.phase, 'static');
    assert.ok(r.meta.docs.length > 200, r.meta.code);
    assert.ok(r.meta.fixes.length >= 1, r.meta.code);
  }
});

// ---------------------------------------------------------------- through the registry (ALL_RULES)

function traceOf(layers: LayerSpec[], loss: string, data: Partial<DataFacts> = {}, optimizer = 'adam', learningRate = 1e-3): TrainingTrace {
  const base = healthyTrace();
  return { ...base, ...layersOf(layers), config: { ...base.config, lossName: loss, optimizerName: optimizer, learningRate }, data: { ...base.data, ...data }, steps: [], probes: [], epochs: [] };
}

function staticCodes(trace: TrainingTrace): string[] {
  return REGISTRY.filter((r) => r.meta.phase === 'static').flatMap((r) => r.check(trace, r.meta.defaultOptions)).map((f: Finding) => f.code);
}

const hidden: LayerSpec = { name: 'hidden', activation: 'relu', inputs: 8, units: 16 };

test('correct setups report nothing: softmax + CCE, sigmoid + BCE, linear + MSE on standardized targets', () => {
  assert.deepEqual(staticCodes(traceOf([hidden, { name: 'out', activation: 'softmax', inputs: 16, units: 3 }], 'categoricalCrossentropy')), []);
  assert.deepEqual(staticCodes(traceOf([hidden, { name: 'out', activation: 'sigmoid', inputs: 16, units: 1 }], 'binaryCrossentropy', { numClasses: 2, classCounts: [50, 60], targetLayout: 'binary', labelMin: 0, labelMax: 1 })), []);
  assert.deepEqual(staticCodes(traceOf([hidden, { name: 'out', activation: 'linear', inputs: 16, units: 1 }], 'meanSquaredError', { task: 'regression', numClasses: undefined, classCounts: undefined, targetLayout: 'regression', targetMean: 0, targetStd: 1, labelMin: undefined, labelMax: undefined })), []);
});

test('loss-activation-mismatch: cross-entropy on a ReLU output, BCE on a softmax', () => {
  const relu = traceOf([hidden, { name: 'out', activation: 'relu', inputs: 16, units: 3 }], 'categoricalCrossentropy');
  assert.ok(staticCodes(relu).includes('loss-activation-mismatch'));
  const softmax = traceOf([hidden, { name: 'out', activation: 'softmax', inputs: 16, units: 2 }], 'binaryCrossentropy', { numClasses: 2, targetLayout: 'binary', labelMin: 0, labelMax: 1 });
  assert.ok(staticCodes(softmax).includes('loss-activation-mismatch'));
});

test('unnormalized-inputs: raw features of very different scales, only when the engine did not normalize', () => {
  const raw = { normalized: false, featureMean: [0.1, 700, 5, 0.05, 1, 2, 3, 4], featureStd: [0.02, 300, 2, 0.01, 1, 1, 1, 1] };
  const out: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  assert.ok(staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', raw)).includes('unnormalized-inputs'));
  assert.ok(!staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', { ...raw, normalized: true })).includes('unnormalized-inputs'));
});

test('unnormalized-targets: MSE on targets in the hundreds', () => {
  const trace = traceOf([hidden, { name: 'out', activation: 'linear', inputs: 16, units: 1 }], 'meanSquaredError', { task: 'regression', numClasses: undefined, classCounts: undefined, targetLayout: 'regression', targetMean: 152, targetStd: 77, labelMin: undefined, labelMax: undefined });
  assert.deepEqual(staticCodes(trace), ['unnormalized-targets']);
});

test('class-imbalance: beyond 10:1, with the counts in the message', () => {
  const out: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  const trace = traceOf([hidden, out], 'categoricalCrossentropy', { classCounts: [400, 30, 20] });
  const rule = REGISTRY.find((r) => r.meta.code === 'class-imbalance')!;
  const [finding] = rule.check(trace, rule.meta.defaultOptions);
  assert.ok(finding);
  assert.match(finding.message, /400/);
  assert.match(finding.message, /20/);
  assert.deepEqual(rule.check(traceOf([hidden, out], 'categoricalCrossentropy', { classCounts: [100, 50, 30] }), rule.meta.defaultOptions), []);
});

test('label-out-of-range: −1/+1 labels with a sigmoid; class 5 with 3 output units', () => {
  const sigmoid: LayerSpec = { name: 'out', activation: 'sigmoid', inputs: 16, units: 1 };
  assert.ok(staticCodes(traceOf([hidden, sigmoid], 'binaryCrossentropy', { targetLayout: 'binary', numClasses: 2, labelMin: -1, labelMax: 1 })).includes('label-out-of-range'));
  const softmax: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  assert.ok(staticCodes(traceOf([hidden, softmax], 'sparseCategoricalCrossentropy', { targetLayout: 'index', numClasses: 6, labelMin: 0, labelMax: 5 })).includes('label-out-of-range'));
});

test('learning-rate-range: far outside the optimizer\'s usual range, both ways', () => {
  const out: LayerSpec = { name: 'out', activation: 'softmax', inputs: 16, units: 3 };
  assert.ok(staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', {}, 'adam', 1e-7)).includes('learning-rate-range'));
  assert.ok(staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', {}, 'sgd', 20)).includes('learning-rate-range'));
  assert.ok(!staticCodes(traceOf([hidden, out], 'categoricalCrossentropy', {}, 'sgd', 0.1)).includes('learning-rate-range'));
});
