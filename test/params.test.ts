// Hyperparameters reach the model and optimizer functions, are recorded on the run, and a run with
// the same params, seed and backend reproduces bit for bit (what "Train again" relies on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunStore } from '../src/engine/runs/store';
import { batchLosses, fixtures, train } from './helpers';

const swept = path.join(fixtures, 'swept.model.ts');

function firstLayerUnits(events: Awaited<ReturnType<typeof train>>['events']): unknown {
  const started = events.find((e) => e.type === 'run-started');
  return started?.type === 'run-started' ? started.model.layers[0].outputShape : undefined;
}

test('a plain run of a swept experiment gets the sweep defaults: first choice, geometric middle of a log range', async () => {
  const { outcome, events, handle } = await train({ file: swept, backend: 'cpu' });
  assert.equal(outcome.kind, 'finished');
  assert.deepEqual(firstLayerUnits(events), [null, 16]);
  const record = new RunStore(handle.runsDir).get(handle.runId);
  assert.equal(record.params?.units, 16);
  assert.ok(Math.abs((record.params?.learningRate as number) - 0.01) < 1e-12);
  assert.equal((record.config as { optimizer: { learningRate: number } }).optimizer.learningRate, record.params?.learningRate);
});

test('given params reach model(params), set the learning rate, and reproduce bit for bit', async () => {
  const params = { units: 4, learningRate: 0.05 };
  const a = await train({ file: swept, backend: 'cpu', params });
  const b = await train({ file: swept, backend: 'cpu', params });
  assert.deepEqual(firstLayerUnits(a.events), [null, 4]);
  const store = (h: typeof a.handle) => new RunStore(h.runsDir);
  const ra = store(a.handle).get(a.handle.runId);
  assert.deepEqual(ra.params, params);
  assert.equal((ra.config as { optimizer: { learningRate: number } }).optimizer.learningRate, 0.05);
  assert.deepEqual(batchLosses(a.events), batchLosses(b.events));
  const weights = (h: typeof a.handle) => fs.readFileSync(path.join(store(h).runDir(h.runId), 'model-last', 'weights.bin'));
  assert.ok(weights(a.handle).equals(weights(b.handle)), 'the saved weights are byte-identical');
  const other = await train({ file: swept, backend: 'cpu', params: { ...params, learningRate: 0.001 } });
  assert.notDeepEqual(batchLosses(other.events), batchLosses(a.events));
});

test('an unknown param is bad input, named with what the sweep declares', async () => {
  const { outcome } = await train({ file: swept, backend: 'cpu', params: { unitz: 4 } });
  assert.equal(outcome.kind, 'load-error');
  if (outcome.kind !== 'load-error') return;
  assert.match(outcome.error.message, /Unknown param 'unitz'.*'units', 'learningRate'/);
  assert.match(outcome.error.location?.file ?? '', /swept\.model\.ts$/);
});
