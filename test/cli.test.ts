// The `modellab` command: --json events, exit codes, runs and show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fixtures, tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');
const tiny = path.join(fixtures, 'tiny.model.ts');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').filter(Boolean) };
}

test('train --json prints one event per line and ends with run-finished; exit 0', () => {
  const runsDir = tempDir();
  const r = modellab(['train', tiny, '--experiment', 'tiny-iris', '--epochs', '2', '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  assert.equal(r.code, 0, r.stderr);
  const events = r.lines.map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'run-started');
  assert.ok(events.some((e) => e.type === 'batch'));
  assert.equal(events.filter((e) => e.type === 'epoch').length, 2);
  const last = events[events.length - 1];
  assert.equal(last.type, 'run-finished');
  for (const key of ['runId', 'status', 'backend', 'epochsCompleted', 'samplesPerSecond', 'metrics', 'diagnostics']) assert.ok(key in last, key);
  assert.equal(last.status, 'completed');
  assert.equal(last.backend, 'cpu');
  assert.equal(last.epochsCompleted, 2);
  assert.ok(last.metrics.val_accuracy >= 0 && last.metrics.loss > 0);
  assert.deepEqual(last.diagnostics, []);

  const runs = modellab(['runs', '--json', '--runs-dir', runsDir]);
  assert.equal(runs.code, 0);
  assert.equal(JSON.parse(runs.lines[0]).runId, last.runId);
  const show = modellab(['show', last.runId.slice(0, 20), '--runs-dir', runsDir]);
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /status +completed/);
  assert.match(show.stdout, /val_accuracy/);
  const table = modellab(['runs', '--runs-dir', runsDir]);
  assert.match(table.stdout, /tiny-iris +completed +2\/2/);
});

test('bad input exits 2 with file:line:column; --json prints an error object', () => {
  const bad = path.join(fixtures, 'syntax-error.model.ts');
  const r = modellab(['train', bad, '--runs-dir', tempDir()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`${bad.replace(/[/.]/g, '\\$&')}:6:\\d+: `));
  const j = modellab(['train', bad, '--json', '--runs-dir', tempDir()]);
  assert.equal(j.code, 2);
  const err = JSON.parse(j.lines[j.lines.length - 1]);
  assert.equal(err.type, 'error');
  assert.equal(err.code, 'syntax');
  assert.equal(err.location.line, 6);
});

test('a run that fails exits 1', () => {
  const r = modellab(['train', tiny, '--experiment', 'crashes', '--backend', 'cpu', '--json', '--runs-dir', tempDir()]);
  assert.equal(r.code, 1);
  const last = JSON.parse(r.lines[r.lines.length - 1]);
  assert.equal(last.status, 'failed');
  assert.match(last.error.message, /FailsLater/);
});

test('usage errors exit 2 and say what is wrong', () => {
  assert.equal(modellab([]).code, 2);
  const unknown = modellab(['train', tiny, '--epoch', '3']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown option --epoch/);
  const badBackend = modellab(['train', tiny, '--backend', 'gpu']);
  assert.equal(badBackend.code, 2);
  assert.match(badBackend.stderr, /--backend must be one of auto, tensorflow, wasm, cpu/);
  const notANumber = modellab(['train', tiny, '--epochs', 'many']);
  assert.match(notANumber.stderr, /--epochs takes a whole number/);
  const unknownRun = modellab(['show', 'nope', '--runs-dir', tempDir()]);
  assert.equal(unknownRun.code, 2);
  assert.match(unknownRun.stderr, /No run 'nope'/);
});

test('train --probe-every sets the probe interval; --no-stop-on-divergence keeps a diverging run going', () => {
  const runsDir = tempDir();
  const probed = modellab(['train', tiny, '--experiment', 'tiny-iris', '--epochs', '1', '--backend', 'cpu', '--probe-every', '2', '--json', '--runs-dir', runsDir]);
  assert.equal(probed.code, 0, probed.stderr);
  const events = probed.lines.map((l) => JSON.parse(l));
  assert.equal(events[0].probeInterval, 2);
  assert.deepEqual(events.filter((e) => e.type === 'probe').map((e) => e.globalStep % 2), events.filter((e) => e.type === 'probe').map(() => 0));

  const diverging = path.join(__dirname, '..', 'samples', 'faulty', 'diverged.model.ts');
  const stopped = modellab(['train', diverging, '--epochs', '4', '--backend', 'cpu', '--json', '--runs-dir', runsDir]);
  const stoppedEnd = JSON.parse(stopped.lines[stopped.lines.length - 1]);
  assert.equal(stoppedEnd.status, 'diverged');
  assert.ok(stoppedEnd.epochsCompleted < 4, `stopped after ${stoppedEnd.epochsCompleted} epochs`);
  const kept = modellab(['train', diverging, '--epochs', '4', '--backend', 'cpu', '--no-stop-on-divergence', '--json', '--runs-dir', runsDir]);
  const keptEnd = JSON.parse(kept.lines[kept.lines.length - 1]);
  assert.equal(keptEnd.epochsCompleted, 4);
  assert.ok(keptEnd.diagnostics.some((d: { code: string }) => d.code === 'diverged'));
});
