// What a dashboard opened at the first click builds on: the provisional record of a run not recorded yet,
// reading a run another process writes, axis tick labels, and where `train` says its run went.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { TrainingEvent } from '../src/protocol/events';
import type { RunRecord } from '../src/protocol/runRecord';
import { RunStore } from '../src/engine/runs/store';
import { startingRecord } from '../src/ide/startingRun';
import { followUp, withRunsDirHint } from '../src/cli/runsCommands';
import { tickLabels } from '../webview/src/model/format';
import { RunModel } from '../webview/src/model/runModel';
import { tempDir } from './helpers';

const recorded = JSON.parse(readFileSync(path.join(__dirname, '../webview/dev/fixtures/digits-mlp.json'), 'utf8')) as { record: RunRecord; events: TrainingEvent[] };

test('a starting run: a provisional record the dashboard draws at once, then the events and the real record take over', () => {
  const file = '/ws/models/first.model.ts';
  const record = startingRecord({ runId: 'r-1', file, workspace: '/ws', createdAt: '2026-12-07T10:00:00.000Z' });
  assert.equal(record.status, 'running');
  assert.equal(record.experiment, 'first');
  assert.equal(record.relativeFile, path.join('models', 'first.model.ts'));
  const model = new RunModel(record, [], true);
  assert.equal(model.starting, true);
  assert.equal(model.started, undefined);
  const started = recorded.events.find((e) => e.type === 'run-started')!;
  model.applyAll(recorded.events.slice(0, 40).map((e) => (e.type === 'run-started' ? { ...e, runId: 'r-1' } : e)));
  assert.equal(model.record.experiment, started.type === 'run-started' ? started.experiment : '', 'run-started names the experiment');
  assert.ok(model.stepX.length > 0, 'live batches are drawn on the provisional record');
  model.setRecord({ ...recorded.record, runId: 'r-1' });
  assert.equal(model.starting, false);
  assert.ok(model.stepX.length > 0, 'the real record keeps the points already drawn');

  const failed = startingRecord({ runId: 'r-2', file, createdAt: '2026-12-07T10:00:00.000Z', error: { message: "unknown key 'epochz'", location: { file, line: 9, column: 3 } } });
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error?.location?.line, 9);
});

test('readEventsFrom follows a run another process writes: whole lines only, from where it left off', () => {
  const store = new RunStore(tempDir());
  const writer = store.createRun({ runId: 'tail-1', experiment: 'e', file: '/x.model.ts', pid: process.pid, fileHash: '', config: {}, seed: 1, epochs: 2 });
  const events = recorded.events.slice(0, 6);
  for (const e of events.slice(0, 3)) writer.append(e);
  const first = store.readEventsFrom('tail-1', 0);
  assert.deepEqual(first.events, events.slice(0, 3));
  // A line the writer is still writing is not read, and is read whole next time.
  const file = path.join(store.runDir('tail-1'), 'events.jsonl');
  const line = `${JSON.stringify(events[3])}\n`;
  fs.appendFileSync(file, line.slice(0, 10));
  const partial = store.readEventsFrom('tail-1', first.offset);
  assert.deepEqual(partial.events, []);
  assert.equal(partial.offset, first.offset);
  fs.appendFileSync(file, line.slice(10));
  for (const e of events.slice(4)) writer.append(e);
  const rest = store.readEventsFrom('tail-1', partial.offset);
  assert.deepEqual(rest.events, events.slice(3));
  assert.deepEqual(store.readEventsFrom('tail-1', rest.offset).events, []);
  writer.close();
});

test('tick labels carry the digits their spacing needs, never the same label twice', () => {
  assert.deepEqual(tickLabels([1.098, 1.1, 1.102, 1.104, 1.106]), ['1.098', '1.1', '1.102', '1.104', '1.106']);
  assert.deepEqual(tickLabels([0, 0.5, 1, 1.5]), ['0', '0.5', '1', '1.5']);
  assert.deepEqual(tickLabels([0, 100, 200]), ['0', '100', '200']);
  assert.deepEqual(tickLabels([0.97, 0.975, 0.98], true), ['97%', '97.5%', '98%']);
  const tiny = tickLabels([2e-7, 4e-7, 6e-7]);
  assert.equal(new Set(tiny).size, 3, tiny.join(' '));
  assert.match(tiny[0], /e-7$/);
  const near = tickLabels([1.0001, 1.0002, 1.0003]);
  assert.equal(new Set(near).size, 3, near.join(' '));
});

test('train says how to reach its run from the current folder when show would not find it there', () => {
  const root = tempDir();
  const other = path.join(root, 'other', 'dir', '.modellab', 'runs');
  fs.mkdirSync(other, { recursive: true });
  const hint = followUp('r-9', other, root);
  assert.equal(hint, `This run is recorded in ${other}, not in the one the current folder reads; to look at it from here: modellab show r-9 --runs-dir ${path.join('other', 'dir', '.modellab', 'runs')}`);
  fs.mkdirSync(path.join(root, '.modellab', 'runs'), { recursive: true });
  assert.equal(followUp('r-9', path.join(root, '.modellab', 'runs'), root), undefined);
  assert.match(withRunsDirHint(`No run 'x' in ${root}.`), /--runs-dir DIR\.$/);
  assert.throws(() => new RunStore(other).get('nope'), /No run 'nope' in .*the nearest folder above the file with \.modellab, \.git or package\.json/);
});
