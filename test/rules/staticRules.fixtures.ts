// Traces and helpers shared by the rule tests that came from test/staticRules.test.ts.
import assert from 'node:assert/strict';
import type { DataFacts, Finding, Rule, TraceConfig, TrainingTrace } from '../../src/engine/diagnostics/types';
import { healthyTrace, layersOf, type LayerSpec } from '../traceBuilder';
import { ALL_RULES as REGISTRY } from '../../src/engine/diagnostics/rules/index';
import { rule as lossActivationMismatch } from '../../src/engine/diagnostics/rules/loss-activation-mismatch';
import { rule as unnormalizedInputs } from '../../src/engine/diagnostics/rules/unnormalized-inputs';
import { rule as unnormalizedTargets } from '../../src/engine/diagnostics/rules/unnormalized-targets';
import { rule as classImbalance } from '../../src/engine/diagnostics/rules/class-imbalance';
import { rule as labelOutOfRange } from '../../src/engine/diagnostics/rules/label-out-of-range';
import { rule as learningRateRange } from '../../src/engine/diagnostics/rules/learning-rate-range';

export const STATIC_RULES = [lossActivationMismatch, unnormalizedInputs, unnormalizedTargets, classImbalance, labelOutOfRange, learningRateRange] as Rule<object>[];

export interface Setup {
  /** The output layer (the hidden layers stay ReLU). */
  output?: LayerSpec;
  config?: Partial<TraceConfig>;
  data?: Partial<DataFacts>;
}

/** A trace as the static rules see it: model, config and data facts, no training records. */
export function staticTrace(s: Setup = {}): TrainingTrace {
  const base = healthyTrace();
  const { layers, variables } = layersOf([
    { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
    { name: 'dense_2', activation: 'relu', inputs: 32, units: 32 },
    s.output ?? { name: 'dense_3', activation: 'softmax', inputs: 32, units: 3 },
  ]);
  return { ...base, layers, variables, config: { ...base.config, ...s.config }, data: { ...base.data, ...s.data }, steps: [], epochs: [], probes: [] };
}

export const REGRESSION: Partial<DataFacts> = {
  task: 'regression', targetLayout: 'regression', numClasses: undefined, classCounts: undefined, chanceAccuracy: undefined,
  trivialLoss: 1, targetMean: 0, targetStd: 1, labelMin: undefined, labelMax: undefined,
};
export const BINARY: Partial<DataFacts> = { numClasses: 2, classCounts: [60, 60], chanceAccuracy: 0.5, trivialLoss: Math.log(2), targetLayout: 'binary', labelMin: 0, labelMax: 1 };

export function run(rule: Rule<object>, trace: TrainingTrace): Finding[] {
  return rule.check(trace, rule.meta.defaultOptions);
}

export function one(rule: Rule<object>, trace: TrainingTrace): Finding {
  const found = run(rule, trace);
  assert.equal(found.length, 1, `expected one ${rule.meta.code} finding, got ${JSON.stringify(found)}`);
  assert.equal(found[0].code, rule.meta.code);
  assert.equal(found[0].epoch, undefined);
  assert.ok(found[0].fixes.length > 0);
  return found[0];
}


// ---------------------------------------------------------------- loss-activation-mismatch









// ---------------------------------------------------------------- unnormalized-inputs






// ---------------------------------------------------------------- unnormalized-targets



// ---------------------------------------------------------------- class-imbalance



// ---------------------------------------------------------------- label-out-of-range




// ---------------------------------------------------------------- learning-rate-range




// ---------------------------------------------------------------- through the registry (ALL_RULES)

export function traceOf(layers: LayerSpec[], loss: string, data: Partial<DataFacts> = {}, optimizer = 'adam', learningRate = 1e-3): TrainingTrace {
  const base = healthyTrace();
  return { ...base, ...layersOf(layers), config: { ...base.config, lossName: loss, optimizerName: optimizer, learningRate }, data: { ...base.data, ...data }, steps: [], probes: [], epochs: [] };
}

export function staticCodes(trace: TrainingTrace): string[] {
  return REGISTRY.filter((r) => r.meta.phase === 'static').flatMap((r) => r.check(trace, r.meta.defaultOptions)).map((f: Finding) => f.code);
}

export const hidden: LayerSpec = { name: 'hidden', activation: 'relu', inputs: 8, units: 16 };
