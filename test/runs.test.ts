// The run store: records, event logs, crash recovery, lookups, and saved models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { EpochEvent, RunFinishedEvent, RunStartedEvent } from '../src/protocol/events';
import { RunStore, type RunInit, type RunRecord, newRunId, slug, saveModel, loadModel, gitInfo, fileSha256 } from '../src/engine/runs/index';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-runs-'));
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshStore = () => new RunStore(path.join(root, `store-${dirs++}`));

/** A pid that surely belongs to no live process: one that just exited. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;

function init(runId: string, overrides: Partial<RunInit> = {}): RunInit {
  return { runId, experiment: 'digits-mlp', file: '/ws/digits.model.ts', relativeFile: 'digits.model.ts', pid: process.pid, fileHash: 'abc', config: { lr: 0.01 }, seed: 42, epochs: 3, ...overrides };
}

function started(runId: string): RunStartedEvent {
  return {
    type: 'run-started', runId, time: new Date().toISOString(), experiment: 'digits-mlp', file: '/ws/digits.model.ts',
    backend: { name: 'cpu', requested: 'cpu', skipped: [] }, seed: 42, epochs: 3, batchSize: 32, stepsPerEpoch: 4,
    trainSamples: 128, validationSamples: 32, model: { layers: [], totalParams: 0, trainableParams: 0, inputShape: [null, 4], outputShape: [null, 3] }, config: { lr: 0.01, resolved: true },
    variables: [],
    probeInterval: 0,
  };
}

function epoch(n: number, loss: number, best: boolean, valLoss = loss + 0.125): EpochEvent {
  return { type: 'epoch', epoch: n, learningRate: 0.01, metrics: { loss, val_loss: valLoss }, durationMs: 100, samplesPerSecond: 1280, best };
}

function finished(runId: string, metrics = { loss: 0.3, val_loss: 0.4 }): RunFinishedEvent {
  return { type: 'run-finished', runId, time: new Date().toISOString(), status: 'completed', backend: 'cpu', epochsCompleted: 3, samplesPerSecond: 1200, metrics, bestEpoch: 2, bestMetrics: metrics, diagnostics: [] };
}

/** A run whose training process died after two epochs, without finishing. */
function crashedRun(store: RunStore, runId: string) {
  const writer = store.createRun(init(runId, { pid: deadPid }));
  writer.append(started(runId));
  writer.append(epoch(0, 0.9, true));
  writer.append(epoch(1, 0.7, true, 0.8));
  writer.close();
}

test('run ids sort by time, carry the experiment slug and are unique', () => {
  const id = newRunId('Digits MLP!', new Date('2026-11-22T22:44:55Z'));
  assert.match(id, /^20261122-224455-digits-mlp-[0-9a-f]{4}$/);
  assert.ok(newRunId('a', new Date('2026-01-01T00:00:00Z')) < newRunId('a', new Date('2026-01-01T00:00:01Z')));
  assert.equal(new Set(Array.from({ length: 50 }, () => newRunId('x'))).size > 45, true);
  assert.equal(slug('  --Hello, World__ '), 'hello-world');
  assert.equal(slug('!!!'), 'run');
});

test('create, append and finish a run, then read it back', () => {
  const store = freshStore();
  const runId = newRunId('digits-mlp');
  const writer = store.createRun(init(runId));
  assert.equal(store.get(runId).status, 'running');
  writer.append(started(runId));
  writer.append({ type: 'batch', epoch: 0, step: 0, globalStep: 0, learningRate: 0.01, metrics: { loss: 1 } });
  writer.append(epoch(0, 0.8, true));
  assert.equal(store.get(runId).epochsCompleted, 1, 'run.json follows epochs');
  writer.append(epoch(1, 0.9, false));
  writer.append({ type: 'log', level: 'info', message: 'hello' });
  writer.append(finished(runId));
  writer.close();

  const record = store.get(runId);
  assert.equal(record.schemaVersion, 1);
  assert.equal(record.status, 'completed');
  assert.equal(record.epochsCompleted, 3);
  assert.deepEqual(record.metrics, { loss: 0.3, val_loss: 0.4 });
  assert.equal(record.bestEpoch, 2);
  assert.equal(record.backend?.name, 'cpu');
  assert.deepEqual(record.config, { lr: 0.01, resolved: true });
  assert.equal(record.samplesPerSecond, 1200);
  assert.equal(record.diagnosticsCount, 0);
  assert.ok(record.endedAt && record.startedAt && record.createdAt);
  assert.deepEqual(writer.record, record);

  const events = store.readEvents(runId);
  assert.deepEqual(events.map((e) => e.type), ['run-started', 'batch', 'epoch', 'epoch', 'log', 'run-finished']);
  assert.deepEqual(store.list().map((r) => r.runId), [runId]);
  assert.throws(() => writer.append(epoch(3, 1, false)), /closed/);
  assert.throws(() => store.createRun(init(runId)), /EEXIST/);
});

test('run.json is written atomically: valid JSON after every update, no temp files left', () => {
  const store = freshStore();
  const writer = store.createRun(init('r1'));
  writer.append(started('r1'));
  for (let i = 0; i < 20; i++) {
    writer.append(epoch(i, 1 / (i + 1), true));
    JSON.parse(fs.readFileSync(path.join(store.runDir('r1'), 'run.json'), 'utf8'));
  }
  writer.append(finished('r1'));
  writer.close();
  assert.deepEqual(fs.readdirSync(store.runDir('r1')).sort(), ['events.jsonl', 'run.json']);
});

test('a truncated last line of events.jsonl is skipped', () => {
  const store = freshStore();
  const writer = store.createRun(init('r1'));
  writer.append(started('r1'));
  writer.append(epoch(0, 0.8, true));
  writer.close();
  fs.appendFileSync(path.join(store.runDir('r1'), 'events.jsonl'), '{"type":"epoch","epoch":1,"metr');
  assert.deepEqual(store.readEvents('r1').map((e) => e.type), ['run-started', 'epoch']);
});

test('a corrupt middle line of events.jsonl is skipped, the rest is read', () => {
  const store = freshStore();
  const writer = store.createRun(init('r1'));
  writer.append(started('r1'));
  writer.close();
  const file = path.join(store.runDir('r1'), 'events.jsonl');
  fs.appendFileSync(file, 'not json at all\n\u0000\u0000\u0000\n');
  fs.appendFileSync(file, `${JSON.stringify(epoch(0, 0.5, true))}\n`);
  assert.deepEqual(store.readEvents('r1').map((e) => e.type), ['run-started', 'epoch']);
  assert.deepEqual(store.readEvents('missing-run'), []);
});

test('a running run whose process is dead is listed as interrupted, and repaired on disk', () => {
  const store = freshStore();
  crashedRun(store, 'r1');
  const [listed] = store.list();
  assert.equal(listed.status, 'interrupted');
  assert.deepEqual(listed.metrics, { loss: 0.7, val_loss: 0.8 });
  const onDisk = JSON.parse(fs.readFileSync(path.join(store.runDir('r1'), 'run.json'), 'utf8')) as RunRecord;
  assert.equal(onDisk.status, 'interrupted');
  assert.ok(onDisk.endedAt);
  const events = store.readEvents('r1');
  const last = events[events.length - 1] as RunFinishedEvent;
  assert.equal(last.type, 'run-finished');
  assert.equal(last.status, 'interrupted');
  assert.equal(last.epochsCompleted, 2);
  // Reading again changes nothing: one finishing event only.
  assert.equal(store.get('r1').status, 'interrupted');
  assert.equal(store.readEvents('r1').filter((e) => e.type === 'run-finished').length, 1);
});

test('a dead run whose finishing event made it to events.jsonl but not run.json takes its status from it', () => {
  const store = freshStore();
  crashedRun(store, 'r1');
  fs.appendFileSync(path.join(store.runDir('r1'), 'events.jsonl'), `${JSON.stringify(finished('r1'))}\n`);
  const record = store.get('r1');
  assert.equal(record.status, 'completed');
  assert.equal(store.readEvents('r1').filter((e) => e.type === 'run-finished').length, 1);
});

test('a live running run stays running', () => {
  const store = freshStore();
  store.createRun(init('r1')).close();
  assert.equal(store.list()[0].status, 'running');
});

test('markFailed records the crash and keeps the metrics recorded so far', () => {
  const store = freshStore();
  crashedRun(store, 'r1');
  const event = store.markFailed('r1', { message: 'the training process was killed by SIGKILL' });
  assert.equal(event.status, 'failed');
  assert.equal(event.epochsCompleted, 2);
  assert.deepEqual(event.metrics, { loss: 0.7, val_loss: 0.8 });
  assert.deepEqual(event.bestMetrics, { loss: 0.7, val_loss: 0.8 });
  assert.equal(event.samplesPerSecond, 1280);
  const record = store.get('r1');
  assert.equal(record.status, 'failed');
  assert.match(record.error?.message ?? '', /SIGKILL/);
  assert.deepEqual(record.metrics, { loss: 0.7, val_loss: 0.8 });
  assert.equal(record.epochsCompleted, 2);
  const events = store.readEvents('r1');
  assert.deepEqual(events[events.length - 1], event);
  // Already finished: nothing changes, the existing event comes back.
  assert.deepEqual(store.markFailed('r1', { message: 'again' }), event);
  assert.equal(store.readEvents('r1').length, events.length);
});

test('markFailed leaves a finished run alone', () => {
  const store = freshStore();
  const writer = store.createRun(init('r1'));
  writer.append(started('r1'));
  writer.append(finished('r1'));
  writer.close();
  assert.equal(store.markFailed('r1', { message: 'late' }).status, 'completed');
  assert.equal(store.get('r1').status, 'completed');
  assert.equal(store.get('r1').error, undefined);
});

test('get accepts a unique prefix and explains unknown and ambiguous ids', () => {
  const store = freshStore();
  for (const id of ['20261122-100000-a-0001', '20261122-100000-a-0002', '20261123-090000-b-0003']) store.createRun(init(id)).close();
  assert.equal(store.get('20261123').runId, '20261123-090000-b-0003');
  assert.equal(store.get('20261122-100000-a-0002').runId, '20261122-100000-a-0002');
  assert.throws(() => store.get('20261122'), /matches 2 runs/);
  assert.throws(() => store.get('nope'), /No run 'nope'/);
  assert.throws(() => store.get(''), /No run/);
  assert.throws(() => store.get('../x'), /No run/);
  assert.throws(() => freshStore().get('x'), /No run 'x'/);
  store.delete('20261123');
  assert.throws(() => store.get('20261123'), /No run/);
  assert.equal(store.list().length, 2);
});

test('list skips unreadable runs and tolerates a missing runs folder', () => {
  const store = freshStore();
  assert.deepEqual(store.list(), []);
  store.createRun(init('good')).close();
  fs.mkdirSync(store.runDir('no-record'));
  fs.mkdirSync(store.runDir('torn'));
  fs.writeFileSync(path.join(store.runDir('torn'), 'run.json'), '{"schemaVersion":1,"ru');
  fs.writeFileSync(path.join(store.runsDir, 'stray-file'), 'x');
  assert.deepEqual(store.list().map((r) => r.runId), ['good']);
});

test('list reads 1,000 runs quickly, newest first', () => {
  const store = freshStore();
  fs.mkdirSync(store.runsDir, { recursive: true });
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 1000; i++) {
    const createdAt = new Date(t0 + i * 60_000);
    const runId = newRunId('bulk', createdAt);
    const record: RunRecord = { schemaVersion: 1, ...init(runId), createdAt: createdAt.toISOString(), startedAt: createdAt.toISOString(), status: 'completed', epochsCompleted: 3, diagnosticsCount: 0, metrics: { loss: i } };
    fs.mkdirSync(store.runDir(runId));
    fs.writeFileSync(path.join(store.runDir(runId), 'run.json'), JSON.stringify(record, null, 2));
  }
  const start = performance.now();
  const records = store.list();
  const ms = performance.now() - start;
  console.log(`list() of 1,000 runs: ${ms.toFixed(1)} ms`);
  assert.equal(records.length, 1000);
  assert.equal(records[0].metrics?.loss, 999);
  assert.equal(records[999].metrics?.loss, 0);
  assert.ok(ms < 5000, `list() took ${ms} ms`);
});

test('gitInfo returns undefined outside a repository; fileSha256 hashes the content', () => {
  const file = path.join(fs.mkdtempSync(path.join(root, 'nogit-')), 'm.model.ts');
  fs.writeFileSync(file, 'hello');
  assert.equal(gitInfo(file), undefined);
  assert.equal(fileSha256(file), '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
});

test('gitInfo reports the commit and whether the model file has uncommitted changes', (t) => {
  const dir = fs.mkdtempSync(path.join(root, 'git-'));
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  if (git('init', '-q').status !== 0) return t.skip('git is not available');
  const file = path.join(dir, 'm.model.ts');
  fs.writeFileSync(file, 'v1');
  git('add', '.');
  git('commit', '-qm', 'one');
  const clean = gitInfo(file);
  assert.match(clean?.commit ?? '', /^[0-9a-f]{40}$/);
  assert.equal(clean?.dirty, false);
  fs.writeFileSync(file, 'v2');
  assert.equal(gitInfo(file)?.dirty, true);
  fs.writeFileSync(path.join(dir, 'other.ts'), 'x'); // other files don't matter
  fs.writeFileSync(file, 'v1');
  assert.equal(gitInfo(file)?.dirty, false);
});

test('save and load a model: identical predictions, no temp folders left, overwrite works', async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
  });
  const runDir = path.join(root, 'model-run');
  const dir = path.join(runDir, 'model-best');
  await saveModel(tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] }), dir);
  await saveModel(model, dir); // replaces the first one
  assert.deepEqual(fs.readdirSync(runDir), ['model-best']);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'weights.bin']);
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
  assert.equal(json.format, 'layers-model');
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  assert.equal(fs.statSync(path.join(dir, 'weights.bin')).size, (4 * 8 + 8 + 8 * 3 + 3) * 4);

  const loaded = await loadModel(dir);
  const x = tf.randomNormal([5, 4], 0, 1, 'float32', 7);
  const expected = (model.predict(x) as tf.Tensor).arraySync();
  const actual = (loaded.predict(x) as tf.Tensor).arraySync();
  assert.deepEqual(actual, expected);
  await assert.rejects(loadModel(path.join(root, 'nowhere')), /No saved model/);
});
