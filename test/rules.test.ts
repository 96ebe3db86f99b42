// The rule registry: every rule is well formed, codes are unique, the docs are current, and the
// experiment's `diagnostics` settings are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../src/engine/diagnostics/rules/index';
import { validateRuleSettings } from '../src/engine/diagnostics/monitor';
import { renderDiagnosticsDocs } from '../scripts/diagnosticsDocs';

const ISSUE_CODES = [
  'diverged', 'exploding-gradient', 'vanishing-gradient', 'exploding-activations', 'dead-relu', 'saturated-activation',
  'overfitting', 'underfitting', 'loss-plateau', 'oscillating-loss', 'unchanged-weights',
  'loss-activation-mismatch', 'unnormalized-inputs', 'unnormalized-targets', 'class-imbalance', 'label-out-of-range', 'learning-rate-range',
  'non-finite-data', 'constant-features', 'data-leakage', 'too-few-per-class',
];

test('every rule the product promises is registered, once, and well formed', () => {
  const codes = ALL_RULES.map((r) => r.meta.code);
  assert.deepEqual([...codes].sort(), [...ISSUE_CODES].sort());
  for (const r of ALL_RULES) {
    assert.match(r.meta.code, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(['error', 'warning', 'info'].includes(r.meta.defaultSeverity), r.meta.code);
    assert.ok(r.meta.title.length > 10 && r.meta.docs.length > 80, `${r.meta.code} has docs`);
    assert.ok(r.meta.fixes.length >= 2, `${r.meta.code} has fixes`);
  }
});

test('docs/diagnostics.md is generated from the rules and current (npm run docs:diagnostics)', () => {
  const file = path.join(__dirname, '..', 'docs', 'diagnostics.md');
  assert.equal(fs.readFileSync(file, 'utf8'), renderDiagnosticsDocs(ALL_RULES));
});

test('diagnostics settings: unknown rules and options are errors that list the valid ones', () => {
  assert.doesNotThrow(() => validateRuleSettings(ALL_RULES, { 'dead-relu': 'off' }));
  assert.throws(() => validateRuleSettings(ALL_RULES, { 'dead-relus': 'off' }), /unknown rule 'dead-relus'\. Rules: .*dead-relu/);
  const option = Object.keys(ALL_RULES.find((r) => r.meta.code === 'dead-relu')!.meta.defaultOptions)[0];
  assert.doesNotThrow(() => validateRuleSettings(ALL_RULES, { 'dead-relu': { [option]: 0.6 } }));
  assert.throws(() => validateRuleSettings(ALL_RULES, { 'dead-relu': { nope: 1 } }), /unknown option 'nope'/);
});
