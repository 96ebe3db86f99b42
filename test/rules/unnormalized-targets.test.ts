// The unnormalized-targets rule on healthy and faulty traces (see src/engine/diagnostics/rules/unnormalized-targets.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LayerSpec } from '../traceBuilder';
import { rule as unnormalizedTargets } from '../../src/engine/diagnostics/rules/unnormalized-targets';
import { staticTrace, REGRESSION, run, one, traceOf, staticCodes, hidden } from './staticRules.fixtures';

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

test('unnormalized-targets: MSE on targets in the hundreds', () => {
  const trace = traceOf([hidden, { name: 'out', activation: 'linear', inputs: 16, units: 1 }], 'meanSquaredError', { task: 'regression', numClasses: undefined, classCounts: undefined, targetLayout: 'regression', targetMean: 152, targetStd: 77, labelMin: undefined, labelMax: undefined });
  assert.deepEqual(staticCodes(trace), ['unnormalized-targets']);
});
