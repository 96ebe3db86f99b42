// The training process end to end: events, reproducibility, cancel, crashes, the run on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunStore } from '../src/engine/runs/store';
import { batchLosses, fixtures, samples, train } from './helpers';

const tiny = path.join(fixtures, 'tiny.model.ts');

test('a run streams started, batch and epoch events and ends with run-finished', async () => {
  const { outcome, events, handle } = await train({ file: tiny, experiment: 'tiny-iris', backend: 'cpu' });
  assert.equal(outcome.kind, 'finished');
  if (outcome.kind !== 'finished') return;
  const f = outcome.finished;
  assert.equal(f.status, 'completed');
  assert.equal(f.epochsCompleted, 3);
  assert.equal(f.backend, 'cpu');
  assert.ok(f.samplesPerSecond > 0);
  assert.deepEqual(Object.keys(f.metrics).sort(), ['accuracy', 'loss', 'val_accuracy', 'val_loss']);
  assert.deepEqual(f.diagnostics, []);
  const started = events[0];
  assert.equal(started.type, 'run-started');
  if (started.type !== 'run-started') return;
  assert.equal(started.trainSamples, 120);
  assert.equal(started.validationSamples, 30);
  assert.equal(started.stepsPerEpoch, 8);
  assert.equal(started.model.layers.length, 3);
  const source = fs.readFileSync(tiny, 'utf8').split('\n');
  assert.equal(started.model.layers[0].location?.line, source.findIndex((l) => l.includes('inputShape: [4], units: 8')) + 1);
  assert.equal(events.filter((e) => e.type === 'batch').length, 24);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 3);
  assert.equal(events[events.length - 1].type, 'run-finished');

  // The run on disk.
  const store = new RunStore(handle.runsDir);
  const record = store.get(f.runId);
  assert.equal(record.status, 'completed');
  assert.equal(record.epochsCompleted, 3);
  assert.equal(record.backend?.name, 'cpu');
  assert.equal((record.config as { optimizer: { name: string } }).optimizer.name, 'adam');
  const stored = store.readEvents(f.runId);
  assert.equal(stored.length, events.length);
  for (const kind of ['best', 'last']) {
    assert.ok(fs.existsSync(path.join(store.runDir(f.runId), `model-${kind}`, 'model.json')), `model-${kind} saved`);
  }
});

test('the same seed on the same backend gives the identical loss sequence; another seed does not', async () => {
  const a = await train({ file: tiny, experiment: 'tiny-iris', backend: 'cpu' });
  const b = await train({ file: tiny, experiment: 'tiny-iris', backend: 'cpu' });
  const c = await train({ file: tiny, experiment: 'tiny-iris', backend: 'cpu', seed: 999 });
  assert.deepEqual(batchLosses(a.events), batchLosses(b.events));
  assert.notDeepEqual(batchLosses(a.events), batchLosses(c.events));
});

test('wasm: reproducible too, and losses close to the JS backend', async () => {
  const a = await train({ file: tiny, experiment: 'tiny-iris', backend: 'wasm' });
  const b = await train({ file: tiny, experiment: 'tiny-iris', backend: 'wasm' });
  assert.equal(a.outcome.kind === 'finished' && a.outcome.finished.backend, 'wasm');
  assert.deepEqual(batchLosses(a.events), batchLosses(b.events));
  const cpu = await train({ file: tiny, experiment: 'tiny-iris', backend: 'cpu' });
  const l1 = batchLosses(a.events);
  const l2 = batchLosses(cpu.events);
  assert.equal(l1.length, l2.length);
  l1.forEach((l, i) => assert.ok(Math.abs(l - l2[i]) < 1e-3 * Math.max(1, Math.abs(l2[i])), `step ${i}: ${l} vs ${l2[i]}`));
});

test('cancel stops within one batch and records a cancelled run with its metrics', async () => {
  let batchesAfterCancel = -1;
  const { outcome, handle } = await train({ file: tiny, experiment: 'slow-digits', backend: 'cpu' }, (event, running) => {
    if (event.type === 'epoch' && batchesAfterCancel < 0) {
      batchesAfterCancel = 0;
      running.cancel();
    } else if (event.type === 'batch' && batchesAfterCancel >= 0) {
      batchesAfterCancel++;
    }
  });
  assert.equal(outcome.kind, 'finished');
  if (outcome.kind !== 'finished') return;
  assert.equal(outcome.finished.status, 'cancelled');
  assert.ok(batchesAfterCancel <= 1, `${batchesAfterCancel} batches ran after cancel`);
  assert.ok(outcome.finished.epochsCompleted >= 1);
  const record = new RunStore(handle.runsDir).get(outcome.finished.runId);
  assert.equal(record.status, 'cancelled');
});

test('a killed training process becomes a failed run; the metrics recorded stay', async () => {
  let epochs = 0;
  const { outcome, handle } = await train({ file: tiny, experiment: 'slow-digits', backend: 'cpu' }, (event, running) => {
    if (event.type === 'epoch' && ++epochs === 2) running.kill();
  });
  assert.equal(outcome.kind, 'finished');
  if (outcome.kind !== 'finished') return;
  assert.equal(outcome.finished.status, 'failed');
  assert.match(outcome.finished.error?.message ?? '', /SIGKILL/);
  const store = new RunStore(handle.runsDir);
  const record = store.get(outcome.finished.runId);
  assert.equal(record.status, 'failed');
  assert.ok((record.epochsCompleted ?? 0) >= 2);
  assert.ok(record.metrics?.loss !== undefined);
  const stored = store.readEvents(outcome.finished.runId);
  assert.equal(stored[stored.length - 1].type, 'run-finished');
});

test('an exception during training fails the run with the error and its source line', async () => {
  const { outcome } = await train({ file: tiny, experiment: 'crashes', backend: 'cpu' });
  assert.equal(outcome.kind, 'finished');
  if (outcome.kind !== 'finished') return;
  assert.equal(outcome.finished.status, 'failed');
  assert.match(outcome.finished.error?.message ?? '', /FailsLater gave up/);
  assert.equal(outcome.finished.error?.location?.file, tiny);
  const src = fs.readFileSync(tiny, 'utf8').split('\n');
  assert.equal(outcome.finished.error?.location?.line, src.findIndex((l) => l.includes("throw new Error('FailsLater")) + 1);
});

test('bad input is a load error and records no run', async () => {
  const { outcome, handle } = await train({ file: path.join(fixtures, 'syntax-error.model.ts'), backend: 'cpu' });
  assert.equal(outcome.kind, 'load-error');
  assert.deepEqual(new RunStore(handle.runsDir).list(), []);
});

test('the digits MLP sample reaches at least 95% validation accuracy', async () => {
  const { outcome } = await train({ file: path.join(samples, 'digits-mlp.model.ts'), backend: 'auto' });
  assert.equal(outcome.kind, 'finished');
  if (outcome.kind !== 'finished') return;
  assert.equal(outcome.finished.status, 'completed');
  assert.ok(outcome.finished.metrics.val_accuracy >= 0.95, `val_accuracy ${outcome.finished.metrics.val_accuracy}`);
});
