// `modellab evaluate`: the held-out test split, evaluated once a run is chosen, recorded on the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunStore } from '../src/engine/runs/store';
import { fixtures, tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

test('evaluate: test metrics of the chosen run, recorded on it; a second look warns; no test split is exit 2', () => {
  const runsDir = tempDir();
  const file = path.join(fixtures, 'tiny-test-split.model.ts');
  const trained = modellab(['train', file, '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  assert.equal(trained.code, 0, trained.stderr);
  const finished = JSON.parse(trained.lines[trained.lines.length - 1]);
  const started = JSON.parse(trained.lines[0]);
  // iris has 150 rows: 20% test, then 20% of the rest for validation.
  assert.equal(started.trainSamples + started.validationSamples, 120);

  const first = modellab(['evaluate', finished.runId, '--runs-dir', runsDir, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const event = JSON.parse(first.lines[first.lines.length - 1]);
  assert.equal(event.type, 'evaluation-finished');
  assert.equal(event.runId, finished.runId);
  assert.equal(event.samples, 30);
  assert.equal(event.previousEvaluations, 0);
  assert.equal(event.fileChanged, false);
  assert.deepEqual(Object.keys(event.metrics).sort(), ['test_accuracy', 'test_loss']);
  assert.ok(event.metrics.test_accuracy >= 0 && event.metrics.test_accuracy <= 1);
  // Accuracy over 30 samples is a whole number of thirtieths: it was computed on the 30 test rows.
  assert.ok(Math.abs(event.metrics.test_accuracy * 30 - Math.round(event.metrics.test_accuracy * 30)) < 1e-4);

  const record = new RunStore(runsDir).get(finished.runId);
  assert.equal(record.testEvaluations?.length, 1);
  assert.deepEqual(record.testEvaluations![0].metrics, event.metrics);

  // The same model on the same split gives the same numbers; the second look is counted and warned about.
  const second = modellab(['evaluate', finished.runId.slice(0, 22), '--runs-dir', runsDir]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /test_accuracy/);
  assert.match(second.stderr, /look number 2 at the test split/);
  const again = new RunStore(runsDir).get(finished.runId);
  assert.equal(again.testEvaluations?.length, 2);
  assert.deepEqual(again.testEvaluations![1].metrics, event.metrics);

  // A run whose experiment holds out no test split says how to add one.
  const plain = modellab(['train', path.join(fixtures, 'tiny.model.ts'), '--experiment', 'tiny-iris', '--epochs', '1', '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  const plainRun = JSON.parse(plain.lines[plain.lines.length - 1]).runId;
  const refused = modellab(['evaluate', plainRun, '--runs-dir', runsDir, '--json']);
  assert.equal(refused.code, 2);
  const error = JSON.parse(refused.lines[0]);
  assert.equal(error.code, 'no-test-split');
  assert.match(error.message, /testSplit/);
  assert.equal(new RunStore(runsDir).get(plainRun).testEvaluations, undefined);
  assert.equal(modellab(['evaluate', 'no-such-run', '--runs-dir', runsDir]).code, 2);
  assert.ok(fs.existsSync(runsDir));
});
