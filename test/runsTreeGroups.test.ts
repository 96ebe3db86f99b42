// Sweeps and cross-validations in the Experiments tree: one node per group, from its record or (when the
// record is missing) from the runs' group refs; trials by index with the best one marked.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import type { CrossValidationRecord, SweepRecord } from '../src/protocol/groupRecord';
import type { RunRecord } from '../src/protocol/runRecord';
import { buildRunsTree, type GroupNode } from '../src/ide/runsTree';

const file = path.join(path.sep, 'ws', 'a.model.ts');

function run(p: Partial<RunRecord> & Pick<RunRecord, 'runId' | 'createdAt'>): RunRecord {
  return { schemaVersion: 1, file, experiment: 'alpha', startedAt: p.createdAt, status: 'completed', pid: 1, fileHash: '', config: {}, seed: 1, epochs: 2, epochsCompleted: 2, diagnosticsCount: 0, ...p };
}

const trial = (i: number, acc: number, createdAt: string, status: RunRecord['status'] = 'completed') =>
  run({ runId: `t${i}`, createdAt, status, params: { units: 4 * (i + 1) }, bestMetrics: { val_accuracy: acc, val_loss: 1 - acc }, group: { kind: 'sweep', id: 'sw1', index: i, size: 3 } });

const sweep = (over: Partial<SweepRecord> = {}): SweepRecord => ({
  schemaVersion: 1, kind: 'sweep', id: 'sw1', experiment: 'alpha', file, createdAt: '2026-01-02T10:00:00Z', status: 'completed', pid: 1, seed: 1,
  method: 'grid', space: {}, plannedTrials: [{ units: 4 }, { units: 8 }, { units: 12 }], metric: 'val_accuracy', goal: 'maximize',
  members: [
    { runId: 't0', index: 0, status: 'completed', metrics: { val_accuracy: 0.9 } },
    { runId: 't1', index: 1, status: 'completed', metrics: { val_accuracy: 0.967 } },
    { runId: 't2', index: 2, status: 'completed', metrics: { val_accuracy: 0.8 } },
  ],
  best: 1,
  ...over,
});

function groupsOf(tree: ReturnType<typeof buildRunsTree>): GroupNode[] {
  return tree[0].experiments[0].children.filter((c): c is GroupNode => c.kind === 'group');
}

test('a sweep is one node under its experiment: trials by index, the best one starred, newest first among the runs', () => {
  const runs = [
    trial(2, 0.8, '2026-01-02T10:00:02Z'),
    run({ runId: 'solo-old', createdAt: '2026-01-01T10:00:00Z' }),
    trial(0, 0.9, '2026-01-02T10:00:00Z'),
    run({ runId: 'solo-new', createdAt: '2026-01-03T10:00:00Z' }),
    trial(1, 0.967, '2026-01-02T10:00:01Z'),
  ];
  const tree = buildRunsTree(runs, [], { groups: [sweep()] });
  const experiment = tree[0].experiments[0];
  assert.deepEqual(experiment.children.map((c) => c.id), ['run:solo-new', 'group:sw1', 'run:solo-old']);
  assert.equal(experiment.runs.length, 5, 'runs still lists every run of the experiment');
  const [group] = groupsOf(tree);
  assert.equal(group.label, 'Sweep · 3 trials');
  assert.equal(group.description, 'best val_accuracy 0.967');
  assert.equal(group.contextValue, 'group.done');
  assert.equal(group.bestRunId, 't1');
  assert.deepEqual(group.runs.map((r) => r.record.runId), ['t0', 't1', 't2']);
  assert.deepEqual(group.runs.map((r) => r.label), ['Trial 1 · units=4', 'Trial 2 · units=8', 'Trial 3 · units=12']);
  assert.ok(group.runs[1].description.startsWith('★'), group.runs[1].description);
  assert.ok(!group.runs[0].description.includes('★'));
  assert.match(group.tooltip, /Trial 2 · units=8: done · 96\.7% val acc ★ best/);
});

test('a running sweep shows how many trials have ended', () => {
  const runs = [trial(0, 0.9, '2026-01-02T10:00:00Z'), trial(1, 0, '2026-01-02T10:00:01Z', 'running')];
  const record = sweep({ status: 'running', members: [{ runId: 't0', index: 0, status: 'completed', metrics: { val_accuracy: 0.9 } }], best: 0 });
  const [group] = groupsOf(buildRunsTree(runs, [], { groups: [record] }));
  assert.equal(group.status, 'running');
  assert.equal(group.contextValue, 'group.running');
  assert.equal(group.description, 'running · 1/3 trials done · best val_accuracy 0.9');
});

test('without the group record, runs are still grouped by their refs and the best is chosen from their metrics', () => {
  const runs = [trial(1, 0.95, '2026-01-02T10:00:01Z'), trial(0, 0.9, '2026-01-02T10:00:00Z')];
  const [group] = groupsOf(buildRunsTree(runs));
  assert.equal(group.label, 'Sweep · 3 trials');
  assert.equal(group.record, undefined);
  assert.equal(group.bestRunId, 't1');
  assert.equal(group.description, 'best val_accuracy 0.95 · no group record');
  assert.deepEqual(group.runs.map((r) => r.record.runId), ['t0', 't1']);
});

test('a cross-validation reads mean ± std of the headline metric from its record, or computes it from the folds', () => {
  const fold = (i: number, acc: number) => run({ runId: `f${i}`, createdAt: `2026-01-04T10:00:0${i}Z`, bestMetrics: { val_accuracy: acc, val_loss: 0.2 }, group: { kind: 'cross-validation', id: 'cv1', index: i, size: 2 } });
  const record: CrossValidationRecord = {
    schemaVersion: 1, kind: 'cross-validation', id: 'cv1', experiment: 'alpha', file, createdAt: '2026-01-04T10:00:00Z', status: 'completed', pid: 1, seed: 1,
    folds: 2, stratified: true, members: [], mean: { val_loss: 0.2, val_accuracy: 0.95 }, std: { val_loss: 0.01, val_accuracy: 0.01 },
  };
  const [fromRecord] = groupsOf(buildRunsTree([fold(1, 0.94), fold(0, 0.96)], [], { groups: [record] }));
  assert.equal(fromRecord.label, '2-fold CV');
  assert.equal(fromRecord.description, 'val_accuracy 0.95 ± 0.01');
  assert.deepEqual(fromRecord.runs.map((r) => r.label), ['Fold 1', 'Fold 2']);
  const [computed] = groupsOf(buildRunsTree([fold(1, 0.94), fold(0, 0.96)]));
  assert.equal(computed.description, 'val_accuracy 0.95 ± 0.01414 · no group record');
});

test('a group whose runs have not started yet still shows under its experiment', () => {
  const tree = buildRunsTree([], [], { groups: [sweep({ status: 'running', members: [], best: undefined })] });
  const [group] = groupsOf(tree);
  assert.equal(group.runs.length, 0);
  assert.equal(group.description, 'running · 0/3 trials done');
  assert.equal(tree[0].experiments[0].description, '1 group');
});
