import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as os from 'node:os';
import { coresPerRun, resolveParallel, runLimited } from '../src/engine/process/parallel';

test('resolveParallel: defaults to 1, caps at the task count, rejects nonsense', () => {
  assert.equal(resolveParallel(undefined, 5), 1);
  assert.equal(resolveParallel(3, 2), 2);
  assert.ok(resolveParallel('auto', 100) >= 1);
  assert.throws(() => resolveParallel(0, 3), /whole number/);
  assert.throws(() => resolveParallel(1.5, 3), /whole number/);
});

test('runs side by side share the cores: each may use an equal share, at least one', () => {
  const cores = os.availableParallelism();
  assert.equal(coresPerRun(1), cores);
  assert.equal(coresPerRun(2), Math.max(1, Math.floor(cores / 2)));
  assert.equal(coresPerRun(cores * 4), 1);
});

test('runLimited keeps at most `parallel` tasks in flight and returns results in index order', async () => {
  let inFlight = 0;
  let most = 0;
  const results = await runLimited(7, 3, async (i) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 5 + (i % 3) * 3));
    inFlight--;
    return i * 10;
  });
  assert.deepEqual(results, [0, 10, 20, 30, 40, 50, 60]);
  assert.equal(most, 3);
});

test('runLimited starts nothing more once cancelled, and rethrows a failed task', async () => {
  let cancelled = false;
  const started: number[] = [];
  const results = await runLimited(5, 1, async (i) => {
    started.push(i);
    if (i === 1) cancelled = true;
    return i;
  }, () => cancelled);
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(results, [0, 1, undefined, undefined, undefined]);
  await assert.rejects(runLimited(3, 2, async (i) => { if (i === 1) throw new Error('boom'); return i; }), /boom/);
});
