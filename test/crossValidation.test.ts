// K-fold cross-validation: the fold summary (mean, sample std over completed folds), the config checks,
// and `modellab cross-validate` end to end (JSON events, the group record, the fold runs, evaluate and
// reload of a fold run, bad input, cancelling). Needs `npm run build` (the CLI and the training process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { aggregateFolds, foldMetrics } from '../src/engine/crossValidation/aggregate';
import { resolveCrossValidation } from '../src/engine/crossValidation/config';
import { LoadError } from '../src/engine/loader/errors';
import { listGroups, readGroup, type CrossValidationRecord } from '../src/engine/runs/groups';
import { RunStore } from '../src/engine/runs/store';
import { reloadRunData } from '../src/engine/train/reloadRunData';
import { datasets } from '../src/sdk/datasets';
import { experiment } from '../src/sdk/index';
import type { CrossValidationConfig } from '../src/sdk/types';
import { fixtures, tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');
const fixture = path.join(fixtures, 'cross-validation.model.ts');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));

test('fold metrics: the best epoch\'s when recorded, else the final ones', () => {
  assert.deepEqual(foldMetrics({ metrics: { loss: 0.5, val_loss: 0.7 }, bestMetrics: { loss: 0.6, val_loss: 0.4 } }), { loss: 0.6, val_loss: 0.4 });
  assert.deepEqual(foldMetrics({ metrics: { loss: 0.5 } }), { loss: 0.5 });
  assert.deepEqual(foldMetrics({ metrics: { loss: 0.5 }, bestMetrics: {} }), { loss: 0.5 });
});

test('mean and sample std (n − 1) over the completed folds only', () => {
  const { mean, std } = aggregateFolds([
    { status: 'completed', metrics: { val_accuracy: 0.8, loss: 2 } },
    { status: 'completed', metrics: { val_accuracy: 0.9, loss: 4 } },
    { status: 'failed', metrics: { val_accuracy: 0.1, loss: 100 } },
    { status: 'completed', metrics: { val_accuracy: 1.0, loss: 9, only_here: 3 } },
    { status: 'cancelled', metrics: { val_accuracy: 0.2 } },
  ]);
  assert.ok(close(mean.val_accuracy, 0.9));
  assert.ok(close(std.val_accuracy, 0.1));
  assert.ok(close(mean.loss, 5));
  assert.ok(close(std.loss, Math.sqrt((9 + 1 + 16) / 2)));
  // One value has a mean but no sample standard deviation.
  assert.equal(mean.only_here, 3);
  assert.equal('only_here' in std, false);
  assert.deepEqual(aggregateFolds([{ status: 'failed', metrics: { loss: 1 } }]), { mean: {}, std: {} });
});

function cvExperiment(crossValidation: unknown) {
  return experiment({
    name: 'cv-config',
    data: datasets.iris(),
    model: () => tf.sequential(),
    loss: 'categoricalCrossentropy',
    crossValidation: crossValidation as CrossValidationConfig,
  });
}

test('crossValidation config: defaults, overrides, and errors at the experiment', () => {
  assert.deepEqual(resolveCrossValidation(cvExperiment({ folds: 5 })), { folds: 5, stratified: undefined, parallel: undefined });
  assert.deepEqual(resolveCrossValidation(cvExperiment({ folds: 5, stratified: false, parallel: 'auto' }), { folds: 3, parallel: 2 }), { folds: 3, stratified: false, parallel: 2 });
  assert.deepEqual(resolveCrossValidation(cvExperiment(undefined), { folds: 4 }), { folds: 4, stratified: undefined, parallel: undefined });
  const cases: [unknown, RegExp, { folds?: number; parallel?: number }?][] = [
    [undefined, /'cv-config' declares no crossValidation: add crossValidation: \{ folds: 5 \} to the experiment, or pass --folds N/],
    [5, /'crossValidation' must be an object such as \{ folds: 5 \}, got 5/],
    [{ folds: 1 }, /'crossValidation.folds' must be a whole number ≥ 2, got 1/],
    [{ folds: 2.5 }, /'crossValidation.folds' must be a whole number ≥ 2, got 2.5/],
    [{ folds: '5' }, /'crossValidation.folds' must be a whole number ≥ 2, got "5"/],
    [{ folds: 5, stratified: 'yes' }, /'crossValidation.stratified' must be true or false, got "yes"/],
    [{ folds: 5, parallel: 0 }, /'crossValidation.parallel' must be a whole number ≥ 1 or 'auto', got 0/],
    [{ fold: 5 }, /Unknown crossValidation option 'fold': use folds, stratified, parallel/],
    [{ folds: 5 }, /--parallel must be a whole number ≥ 1 or 'auto', got 0/, { parallel: 0 }],
  ];
  for (const [config, message, overrides] of cases) {
    const exp = cvExperiment(config);
    assert.throws(() => resolveCrossValidation(exp, overrides), (err: unknown) => {
      assert.ok(err instanceof LoadError, String(err));
      assert.equal(err.code, 'bad-config');
      assert.match(err.message, message);
      assert.deepEqual(err.location, exp.location);
      return true;
    });
  }
});

test('cross-validate --json: events, group record, fold runs that partition the pool; evaluate and reload a fold run', async () => {
  const runsDir = tempDir();
  const r = modellab(['cross-validate', fixture, '--experiment', 'iris-cv', '--parallel', '2', '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  assert.equal(r.code, 0, r.stderr);
  const events = r.lines.map((l) => JSON.parse(l));
  const started = events[0];
  assert.equal(started.type, 'cross-validation-started');
  assert.deepEqual({ folds: started.folds, stratified: started.stratified, parallel: started.parallel, experiment: started.experiment }, { folds: 3, stratified: true, parallel: 2, experiment: 'iris-cv' });
  const finished = events[events.length - 1];
  assert.equal(finished.type, 'cross-validation-finished');
  assert.equal(finished.cvId, started.cvId);
  assert.equal(finished.status, 'completed');
  assert.deepEqual(finished.runs.map((run: { fold: number }) => run.fold), [0, 1, 2]);

  // Relayed training events carry their fold; batches, probes and logs stay in the runs' own files.
  const types = new Set(events.map((e) => e.type));
  for (const t of ['batch', 'probe', 'log', 'diagnostic']) assert.equal(types.has(t), false, t);
  for (const fold of [0, 1, 2]) {
    const mine = events.filter((e) => e.fold === fold && e.cvId === started.cvId);
    assert.deepEqual(mine.map((e) => e.type), ['fold-started', 'run-started', 'epoch', 'epoch', 'run-finished', 'fold-finished']);
    assert.ok(mine.every((e) => e.runId === finished.runs[fold].runId));
    const foldFinished = mine[mine.length - 1];
    assert.deepEqual(foldFinished.metrics, finished.runs[fold].metrics);
    // The best epoch's metrics when the run has them.
    const runFinished = mine[4];
    assert.deepEqual(foldFinished.metrics, runFinished.bestMetrics ?? runFinished.metrics);
  }

  // mean and sample std of every metric over the three folds.
  for (const name of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
    const values: number[] = finished.runs.map((run: { metrics: Record<string, number> }) => run.metrics[name]);
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / 2);
    assert.ok(close(finished.mean[name], mean), name);
    assert.ok(close(finished.std[name], std), name);
  }

  const record = readGroup(runsDir, started.cvId) as CrossValidationRecord;
  assert.equal(record.kind, 'cross-validation');
  assert.equal(record.status, 'completed');
  assert.equal(record.folds, 3);
  assert.equal(record.stratified, true);
  assert.equal(record.seed, 11);
  assert.ok(record.endedAt);
  assert.deepEqual(record.mean, finished.mean);
  assert.deepEqual(record.std, finished.std);
  assert.deepEqual(record.members.map((m) => [m.index, m.runId, m.status]), finished.runs.map((run: { fold: number; runId: string; status: string }) => [run.fold, run.runId, run.status]));

  // iris: 150 rows, 30 for test; the other 120 validate once each across the folds.
  const store = new RunStore(runsDir);
  let validated = 0;
  for (const run of finished.runs) {
    const rec = store.get(run.runId);
    assert.deepEqual(rec.group, { kind: 'cross-validation', id: started.cvId, index: run.fold, size: 3 });
    assert.deepEqual(rec.config.fold, { index: run.fold, folds: 3, stratified: true });
    const resolved = (rec.config.data as { resolved: { train: number; validation: number; test: number } }).resolved;
    assert.equal(resolved.train + resolved.validation, 120);
    assert.equal(resolved.validation, 40);
    assert.equal(resolved.test, 30);
    validated += resolved.validation;
    // Reloading a fold run (what evaluate and ONNX export do) rebuilds that fold's split.
    const { data } = await reloadRunData(rec);
    assert.deepEqual([data.train.count, data.validation?.count, data.test?.count], [resolved.train, resolved.validation, resolved.test]);
  }
  assert.equal(validated, 120);

  const evaluated = modellab(['evaluate', finished.runs[1].runId, '--runs-dir', runsDir, '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const evaluation = JSON.parse(evaluated.lines[evaluated.lines.length - 1]);
  assert.equal(evaluation.samples, 30);
  assert.equal(evaluation.fileChanged, false);
});

test('cv (alias) with --folds on an experiment that declares none: a line per fold, then the table with mean ± std', () => {
  const runsDir = tempDir();
  const r = modellab(['cv', fixture, '--experiment', 'iris-plain', '--folds', '2', '--backend', 'cpu', '--runs-dir', runsDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /Cross-validating 'iris-plain': 2 folds, stratified by class/);
  assert.match(r.stderr, /^fold 1\/2  completed  \S+  loss /m);
  assert.match(r.stderr, /^fold 2\/2  completed /m);
  assert.match(r.stdout, /^fold +status +loss +val_loss +accuracy +val_accuracy +run$/m);
  assert.match(r.stdout, /^mean ± std +\d\.\d{4} ± \d\.\d{4} /m);
  const cvId = /^cv +(\S+)$/m.exec(r.stdout)?.[1];
  assert.ok(cvId, r.stdout);
  const record = readGroup(runsDir, cvId) as CrossValidationRecord;
  assert.equal(record.members.length, 2);
  assert.equal(record.status, 'completed');
});

test('cross-validate: bad input exits 2 and records nothing', () => {
  const runsDir = tempDir();
  const none = modellab(['cross-validate', fixture, '--experiment', 'iris-plain', '--backend', 'cpu', '--runs-dir', runsDir]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /cross-validation\.model\.ts:\d+:\d+: 'iris-plain' declares no crossValidation/);
  const stratified = modellab(['cv', fixture, '--experiment', 'stratified-regression', '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  assert.equal(stratified.code, 2);
  const error = JSON.parse(stratified.lines[stratified.lines.length - 1]);
  assert.equal(error.type, 'error');
  assert.equal(error.code, 'bad-config');
  assert.match(error.message, /stratified needs class labels/);
  assert.equal(path.basename(error.location.file), 'cross-validation.model.ts');
  const tooMany = modellab(['cv', fixture, '--experiment', 'iris-cv', '--folds', '121', '--runs-dir', runsDir]);
  assert.equal(tooMany.code, 2);
  assert.match(tooMany.stderr, /folds is 121 but only 120 rows are left for training and validation/);
  const usage = modellab(['cv', fixture, '--folds', '1']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--folds takes a whole number ≥ 2, got 1/);
  assert.equal(modellab(['cv', fixture, '--parallel', '0']).code, 2);
  assert.deepEqual(new RunStore(runsDir).list(), []);
  assert.deepEqual(listGroups(runsDir), []);
});

test('a load error in fold 0\'s process exits 2 with the error and leaves the group failed', () => {
  const runsDir = tempDir();
  const r = modellab(['cv', fixture, '--experiment', 'fails-in-training', '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  assert.equal(r.code, 2, r.stderr);
  const events = r.lines.map((l) => JSON.parse(l));
  assert.deepEqual(events.map((e) => e.type), ['cross-validation-started', 'fold-finished', 'error']);
  assert.equal(events[1].status, 'failed');
  assert.match(events[2].message, /no data in the training process/);
  const record = readGroup(runsDir, events[0].cvId) as CrossValidationRecord;
  assert.equal(record.status, 'failed');
  assert.deepEqual(record.members, []);
  assert.match(record.error ?? '', /Fold 1 did not start: .*no data in the training process/);
  assert.deepEqual(new RunStore(runsDir).list(), []);
});

test('SIGTERM stops the running folds, starts no more, and still records and prints the summary', async () => {
  const runsDir = tempDir();
  const child = spawn(process.execPath, [cli, 'cross-validate', fixture, '--experiment', 'slow-cv', '--backend', 'cpu', '--json', '--runs-dir', runsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let signalled = false;
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    // Both parallel folds are training once each has reported an epoch.
    const epochs = out.split('\n').filter((l) => l.includes('"type":"epoch"'));
    if (!signalled && new Set(epochs.map((l) => JSON.parse(l).fold)).size === 2) {
      signalled = true;
      child.kill('SIGTERM');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  const events = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const finished = events[events.length - 1];
  assert.equal(finished.type, 'cross-validation-finished');
  assert.equal(finished.status, 'cancelled');
  assert.deepEqual(finished.runs.map((r: { fold: number; status: string }) => [r.fold, r.status]), [[0, 'cancelled'], [1, 'cancelled']]);
  assert.equal(events.filter((e) => e.type === 'fold-started').length, 2);
  const record = readGroup(runsDir, finished.cvId) as CrossValidationRecord;
  assert.equal(record.status, 'cancelled');
  assert.equal(record.members.length, 2);
  for (const member of record.members) assert.equal(new RunStore(runsDir).get(member.runId).status, 'cancelled');
});
