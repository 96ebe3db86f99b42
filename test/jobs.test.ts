// The job protocol (src/protocol/jobs.ts): a job run in its own process sends typed events, and they are the
// events `modellab <command> --json` prints, line for line (the CLI runs the same job in its process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startJobProcess } from '../src/engine/process/jobLauncher';
import type { JobEvent } from '../src/protocol/jobs';

const ROOT = path.join(__dirname, '..');
const IRIS = path.join(ROOT, 'samples', 'iris.model.ts');

function cliJson(args: string[]): { status: number | null; events: JobEvent[] } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args, '--json'], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, events: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JobEvent) };
}

async function inJobProcess(request: Parameters<typeof startJobProcess>[0]): Promise<{ events: JobEvent[]; exitCode: number | null; error?: string }> {
  const events: JobEvent[] = [];
  const outcome = await startJobProcess(request, (e) => events.push(e)).done;
  return { events, exitCode: outcome.exitCode, error: outcome.error?.message };
}

test('a range test in a job process sends the events the CLI prints with --json, in the same order', async () => {
  const job = await inJobProcess({ kind: 'lr-find', file: IRIS, backend: 'cpu', steps: 25, seed: 3 });
  const cli = cliJson(['lr-find', IRIS, '--backend', 'cpu', '--steps', '25', '--seed', '3']);
  assert.equal(job.exitCode, 0);
  assert.equal(job.error, undefined);
  assert.equal(cli.status, 0);
  assert.deepEqual(job.events.map((e) => e.type), cli.events.map((e) => e.type));
  assert.equal(job.events[0].type, 'lr-find-started');
  const last = job.events[job.events.length - 1];
  assert.equal(last.type, 'lr-find-finished');
  const cliLast = cli.events[cli.events.length - 1];
  // Same seed, same backend: the same curve and suggestion.
  assert.deepEqual(last, cliLast);
});

test('bad input: the job\'s error event says what and where, with the CLI\'s exit code', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-jobs-'));
  const file = path.join(dir, 'typo.model.ts');
  fs.writeFileSync(file, fs.readFileSync(IRIS, 'utf8').replace(/\bepochs:/, 'epochz:'));
  const job = await inJobProcess({ kind: 'lr-find', file, backend: 'cpu' });
  assert.equal(job.exitCode, 2);
  const error = job.events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error', JSON.stringify(job.events));
  assert.match(error.message, /epochz/);
  assert.equal(error.location?.file, file);
  const missing = await inJobProcess({ kind: 'evaluate', runsDir: dir, run: 'no-such-run' });
  assert.equal(missing.exitCode, 2);
  assert.equal(missing.events[0].type, 'error');
  assert.deepEqual(missing.events, cliJson(['evaluate', 'no-such-run', '--runs-dir', dir]).events);
});

test('the backend report is a job too: its report event, no error', async () => {
  const job = await inJobProcess({ kind: 'backend-status' });
  assert.equal(job.error, undefined);
  assert.equal(job.exitCode, 0);
  const report = job.events[job.events.length - 1];
  assert.equal(report.type, 'backend-report');
  assert.ok(report.type === 'backend-report' && report.backends.length === 4 && report.backends.some((b) => b.name === 'cpu' && b.available), JSON.stringify(report));
});
