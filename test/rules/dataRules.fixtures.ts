// Traces and helpers shared by the rule tests that came from test/dataRules.test.ts.
import assert from 'node:assert/strict';
import { dataFacts } from '../../src/engine/diagnostics/facts';
import type { ArraySplit, PreparedData } from '../../src/engine/data/types';
import type { DataFacts, Finding, Rule, TrainingTrace } from '../../src/engine/diagnostics/types';
import { rule as nonFiniteData } from '../../src/engine/diagnostics/rules/non-finite-data';
import { rule as constantFeatures } from '../../src/engine/diagnostics/rules/constant-features';
import { rule as dataLeakage } from '../../src/engine/diagnostics/rules/data-leakage';
import { rule as tooFewPerClass } from '../../src/engine/diagnostics/rules/too-few-per-class';
import { healthyTrace } from '../traceBuilder';

export const DATA_RULES = [nonFiniteData, constantFeatures, dataLeakage, tooFewPerClass] as Rule<object>[];

/** Rows of `width` features from a seeded generator, plus class-index targets cycling through `classes`. */
export function split(count: number, width: number, seed: number, classes = 3): ArraySplit {
  let state = seed;
  const x = new Float32Array(count * width);
  for (let i = 0; i < x.length; i++) x[i] = ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  const y = Float32Array.from({ length: count }, (_, i) => i % classes);
  return { x, y, count };
}

export function prepared(parts: Partial<PreparedData> & { train: ArraySplit }, width = 4): PreparedData {
  return { name: 't', task: 'classification', featureShape: [width], targetShape: [1], numClasses: 3, oneHot: false, ...parts };
}

/** A trace whose data facts are those of `data` (as the engine computes them), no training records. */
export function traceOf(data: PreparedData, lossName = 'sparseCategoricalCrossentropy'): TrainingTrace {
  const base = healthyTrace();
  const facts = dataFacts(data, lossName);
  return { ...base, config: { ...base.config, lossName, hasValidation: (data.validation?.count ?? 0) > 0 }, data: facts, steps: [], probes: [], epochs: [] };
}

export function withFacts(data: Partial<DataFacts>): TrainingTrace {
  const base = healthyTrace();
  return { ...base, data: { ...base.data, ...data }, steps: [], probes: [], epochs: [] };
}

export function run(rule: Rule<object>, trace: TrainingTrace): Finding[] {
  return rule.check(trace, rule.meta.defaultOptions);
}

export function one(rule: Rule<object>, trace: TrainingTrace): Finding {
  const found = run(rule, trace);
  assert.equal(found.length, 1, `expected one ${rule.meta.code} finding, got ${JSON.stringify(found)}`);
  const f = found[0];
  assert.equal(f.code, rule.meta.code);
  assert.equal(f.severity, rule.meta.defaultSeverity);
  assert.deepEqual(f.target, { kind: 'config', key: 'data' });
  assert.equal(f.epoch, undefined);
  assert.ok(f.fixes.length >= 2);
  return f;
}

export const HEALTHY = () => prepared({ train: split(300, 4, 1), validation: split(60, 4, 2), test: split(30, 4, 3) });



// ---------------------------------------------------------------- non-finite-data




// ---------------------------------------------------------------- constant-features




// ---------------------------------------------------------------- data-leakage




// ---------------------------------------------------------------- too-few-per-class
