// The editor-side pure modules: experiment scanning, finding ranges, the tree model, run summaries and
// the webview message guard.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunRecord } from '../src/protocol/runRecord';
import { experimentKey, scanExperiments } from '../src/ide/experimentScanner';
import { adjustRange, rangeForLocation } from '../src/ide/findingRanges';
import { buildRunsTree, runTooltip } from '../src/ide/runsTree';
import { diagnosticsText, headlineMetric, lastRunText } from '../src/ide/runSummary';
import { parseDashboardMessage, parseDashboardState } from '../src/protocol/dashboard';

const samplesDir = path.join(__dirname, '..', 'samples');

test('every sample model file has exactly one experiment, found by name on the line of its call', () => {
  const files = [...fs.readdirSync(samplesDir), ...fs.readdirSync(path.join(samplesDir, 'faulty')).map((f) => `faulty/${f}`)].filter((f) => f.endsWith('.model.ts'));
  assert.ok(files.length >= 20);
  for (const file of files) {
    const text = fs.readFileSync(path.join(samplesDir, file), 'utf8');
    const found = scanExperiments(text);
    assert.equal(found.length, 1, file);
    const callLine = text.split('\n').findIndex((l) => /=\s*experiment\(/.test(l)) + 1;
    assert.equal(found[0].line, callLine, file);
    assert.ok(found[0].name && found[0].exportName, file);
  }
});

test('the scanner skips comments, strings, declarations and imports, and finds several experiments', () => {
  const text = [
    "import { experiment } from 'modellab';",
    '// experiment({ name: "commented" })',
    "const s = 'experiment({ name: \"in a string\" })';",
    'function experiment2() {}',
    "export const a = experiment({ name: 'first', epochs: 3 });",
    'export default modellab.experiment({',
    "  name: `second`,",
    '});',
    'const c = experiment({ name: dynamicName });',
  ].join('\n');
  const found = scanExperiments(text);
  assert.deepEqual(found.map((e) => [e.name, e.exportName, e.line]), [['first', 'a', 5], ['second', 'default', 6], [undefined, 'c', 9]]);
  assert.equal(experimentKey(found[2]), 'c');
  assert.deepEqual(found[0].entries.map((e) => e.key), ['name', 'epochs']);
});

test('a finding range covers the layer call on its line, from the callee to the end of its code', () => {
  const text = "const layers = [\n        tf.layers.dense({ units: 64, activation: 'relu' }), // hidden\n];\n";
  // The engine's call site points at `dense`; the range starts at `tf`.
  const r = rangeForLocation(text, 2, 19);
  assert.deepEqual(r, { startLine: 1, startCharacter: 8, endLine: 1, endCharacter: text.split('\n')[1].indexOf('),') + 1 });
  // A config key: from the key to the end of the line.
  const k = rangeForLocation("x({\n  optimizer: { name: 'sgd', learningRate: 20 },\n})", 2, 3);
  assert.deepEqual(k, { startLine: 1, startCharacter: 2, endLine: 1, endCharacter: 46 });
  // Out-of-range positions (a stale run on a shorter file) stay inside the text.
  assert.equal(rangeForLocation('a\nb', 99, 5).startLine, 1);
});

test('ranges follow edits above them and go when their line is edited', () => {
  const range = { startLine: 10, startCharacter: 4, endLine: 10, endCharacter: 20 };
  assert.deepEqual(adjustRange(range, { startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 0, text: 'a\nb\n' }), { ...range, startLine: 12, endLine: 12 });
  assert.deepEqual(adjustRange(range, { startLine: 3, startCharacter: 0, endLine: 5, endCharacter: 0, text: '' }), { ...range, startLine: 8, endLine: 8 });
  assert.equal(adjustRange(range, { startLine: 12, startCharacter: 0, endLine: 12, endCharacter: 1, text: 'x' }), range);
  assert.equal(adjustRange(range, { startLine: 10, startCharacter: 30, endLine: 10, endCharacter: 30, text: ' ' }), undefined);
  assert.equal(adjustRange(range, { startLine: 9, startCharacter: 0, endLine: 11, endCharacter: 0, text: '' }), undefined);
});

function record(p: Partial<RunRecord> & Pick<RunRecord, 'runId' | 'file' | 'experiment' | 'createdAt'>): RunRecord {
  return { schemaVersion: 1, startedAt: p.createdAt, status: 'completed', pid: 1, fileHash: '', config: { batchSize: 32 }, seed: 1, epochs: 10, epochsCompleted: 10, diagnosticsCount: 0, ...p };
}

test('the tree groups runs by file and experiment, newest first, and lists experiments not trained yet', () => {
  const ws = path.join(path.sep, 'ws');
  const a = path.join(ws, 'a.model.ts');
  const b = path.join(ws, 'sub', 'b.model.ts');
  const runs = [
    record({ runId: 'r1', file: a, experiment: 'alpha', createdAt: '2026-01-01T10:00:00Z', bestMetrics: { val_accuracy: 0.9712 } }),
    record({ runId: 'r3', file: a, experiment: 'alpha', createdAt: '2026-01-03T10:00:00Z', status: 'running', epochsCompleted: 2 }),
    record({ runId: 'r2', file: b, experiment: 'beta', createdAt: '2026-01-02T10:00:00Z', status: 'diverged', diagnosticsCount: 2, metrics: { loss: 1234.5 } }),
  ];
  const tree = buildRunsTree(runs, [{ file: a, experiments: ['alpha', 'gamma'] }], { workspace: ws, progress: new Map([['r3', { epoch: 3, epochs: 10 }]]) });
  assert.deepEqual(tree.map((f) => f.label), ['a.model.ts', 'sub/b.model.ts']);
  assert.deepEqual(tree[0].experiments.map((e) => e.experiment), ['alpha', 'gamma']);
  assert.deepEqual(tree[0].experiments[0].runs.map((r) => r.record.runId), ['r3', 'r1']);
  assert.equal(tree[0].experiments[0].runs[0].description, 'epoch 3/10');
  assert.equal(tree[0].experiments[0].runs[0].contextValue, 'run.running');
  assert.equal(tree[0].experiments[0].runs[1].description, '97.1% val acc');
  assert.equal(tree[0].experiments[1].description, 'not trained yet');
  assert.equal(tree[1].experiments[0].runs[0].description, 'diverged · loss 1235 · 2 ⚠');
  assert.equal(tree[1].experiments[0].runs[0].contextValue, 'run.diverged');
  assert.match(runTooltip(runs[0]), /"batchSize": 32/);
});

test('run summaries: headline metric, diagnostics counts, the last-run lens', () => {
  assert.equal(headlineMetric({ bestMetrics: { val_loss: 0.1234567, val_accuracy: 0.95 } })?.text, '95.0% val acc');
  assert.equal(headlineMetric({ metrics: { loss: 0.000012 } })?.text, 'loss 1.20e-5');
  assert.equal(headlineMetric({}), undefined);
  assert.equal(diagnosticsText([{ severity: 'warning' }, { severity: 'error' }, { severity: 'warning' }]), '1 error, 2 warnings');
  assert.equal(diagnosticsText([]), 'no problems');
  const r = record({ runId: 'x', file: 'f', experiment: 'e', createdAt: '2026-01-01T00:00:00Z', bestMetrics: { val_accuracy: 0.971 } });
  assert.equal(lastRunText(r, [{ severity: 'warning' }, { severity: 'warning' }]), 'Last run: 97.1% val acc · 2 warnings');
  assert.equal(lastRunText({ ...r, status: 'failed', bestMetrics: undefined }, []), 'Last run: failed · no problems');
});

test('webview messages are checked: known shapes pass, anything else is dropped', () => {
  assert.deepEqual(parseDashboardMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseDashboardMessage({ type: 'stop-run', runId: 'abc', extra: 1 }), { type: 'stop-run', runId: 'abc' });
  assert.deepEqual(parseDashboardMessage({ type: 'reveal-source', location: { file: '/a.ts', line: 3, column: 1 } }), { type: 'reveal-source', location: { file: '/a.ts', line: 3, column: 1 } });
  for (const bad of [null, 'ready', {}, { type: 'eval', code: 'x' }, { type: 'stop-run' }, { type: 'stop-run', runId: 7 }, { type: 'reveal-source', location: { file: '/a.ts', line: 0, column: 1 } }, { type: 'reveal-source', location: { file: '/a.ts', line: 1.5, column: 1 } }]) {
    assert.equal(parseDashboardMessage(bad), undefined, JSON.stringify(bad));
  }
  assert.deepEqual(parseDashboardState({ view: 'compare', runIds: ['a', 'b'], ui: { smoothing: 0.6 } }), { view: 'compare', runIds: ['a', 'b'], ui: { smoothing: 0.6 } });
  assert.equal(parseDashboardState({ view: 'run', runIds: [] }), undefined);
  assert.equal(parseDashboardState({ view: 'other', runIds: ['a'] }), undefined);
});

test('runs that have seen the test split are marked in the tree, with their latest test result', () => {
  const r = record({ runId: 't', file: '/ws/a.model.ts', experiment: 'a', createdAt: '2026-01-01T00:00:00Z', bestMetrics: { val_accuracy: 0.9 } });
  const tested = { ...r, testEvaluations: [{ time: '2026-01-02T00:00:00Z', model: 'best' as const, samples: 30, metrics: { test_loss: 0.3, test_accuracy: 0.8667 }, fileChanged: false }] };
  assert.equal(buildRunsTree([r])[0].experiments[0].runs[0].description, '90.0% val acc');
  assert.equal(buildRunsTree([tested])[0].experiments[0].runs[0].description, '90.0% val acc · tested: 86.7% acc');
  assert.match(runTooltip(tested), /Test split \(30 samples, model-best, 2026-01-02 00:00\): test_loss 0\.3, test_accuracy 0\.8667/);
  const regression = { ...r, bestMetrics: { val_loss: 0.5 }, testEvaluations: [{ ...tested.testEvaluations[0], metrics: { test_loss: 0.61 } }] };
  assert.equal(buildRunsTree([regression])[0].experiments[0].runs[0].description, 'val loss 0.5 · tested: loss 0.61');
});
