// Data preparation that knows the model: inputs feeding an Embedding are token ids, never standardized; ids
// outside [0, inputDim) are an error before training, at the Embedding's line; the model function gets the
// data's description; a failure every backend gives is bad input, reported once (no fallback to cpu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelFile, selectExperiment } from '../src/engine/loader/evaluate';
import { LoadError } from '../src/engine/loader/errors';
import { createSetup } from '../src/engine/train/setup';
import { samples, tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function tokenModel(options: { maxId: number; inputDim: number; dataOptions?: string }): string {
  return `import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

const rows = Array.from({ length: 60 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i * 7 + j * 3) % ${options.maxId + 1}));
const labels = rows.map((r) => (r[0] % 2));

export const tokens = experiment({
  name: 'tokens',
  data: fromFunction(() => ({ train: { x: rows, y: labels } }), ${options.dataOptions ?? '{ validationSplit: 0.25 }'}),
  model: (_params, data) => tf.sequential({ layers: [
    tf.layers.embedding({ inputDim: ${options.inputDim}, outputDim: 4, inputLength: data.inputShape[0] }),
    tf.layers.flatten(),
    tf.layers.dense({ units: data.numClasses ?? 2, activation: 'softmax' }),
  ] }),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 2,
  batchSize: 16,
});
`;
}

function write(text: string): string {
  const file = path.join(tempDir(), 'tokens.model.ts');
  fs.writeFileSync(file, text);
  return file;
}

async function setupOf(file: string) {
  await tf.setBackend('cpu');
  const loaded = await loadModelFile(file);
  return createSetup(selectExperiment(loaded, undefined).experiment);
}

test('ids feeding an Embedding are never standardized, with the default data options', async () => {
  const setup = await setupOf(write(tokenModel({ maxId: 29, inputDim: 30 })));
  assert.equal(setup.data.normalization, undefined);
  assert.deepEqual(setup.data.featuresAreIds, { layer: setup.model.layers[0].name, inputDim: 30 });
  const ids = Array.from(setup.data.train.x);
  assert.ok(ids.every((v) => Number.isInteger(v) && v >= 0 && v < 30), 'the ids reach the model as they are');
  setup.model.dispose();
});

test('ids beyond inputDim are an error before training, at the Embedding\'s line, in the model\'s terms', async () => {
  const file = write(tokenModel({ maxId: 59, inputDim: 40 }));
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('tf.layers.embedding')) + 1;
  await assert.rejects(setupOf(file), (err: unknown) => {
    assert.ok(err instanceof LoadError, String(err));
    assert.equal(err.code, 'data-error');
    assert.match(err.message, new RegExp(`ids in 0…59 reach the Embedding '\\w+' at line ${line}, which has inputDim 40`));
    assert.equal(err.location?.line, line);
    return true;
  });
  // Through the CLI: exit 2, said once, nothing recorded, no fallback to another backend.
  const runsDir = path.join(tempDir(), 'runs');
  const r = spawnSync(process.execPath, [cli, 'train', file, '--runs-dir', runsDir], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /ids in 0…59 reach the Embedding/);
  assert.doesNotMatch(r.stderr, /GatherV2|cannot train this model/);
  assert.equal(fs.existsSync(runsDir) ? fs.readdirSync(runsDir).length : 0, 0);
});

test('fractional or negative ids are errors too', async () => {
  const base = tokenModel({ maxId: 9, inputDim: 10 });
  const fractional = write(base.replace('(i * 7 + j * 3) % 10', '((i * 7 + j * 3) % 10) + 0.5'));
  await assert.rejects(setupOf(fractional), /must be whole-number ids, but train row \d+, feature \d+ is \d+\.5/);
  const negative = write(base.replace('(i * 7 + j * 3) % 10', '((i * 7 + j * 3) % 10) - 3'));
  await assert.rejects(setupOf(negative), /ids in -3…6 reach the Embedding .* ids must not be negative/);
});

test('the text sample (Embedding → GRU) trains with the default options: no scale warnings, ids kept', () => {
  const runsDir = tempDir();
  const r = spawnSync(process.execPath, [cli, 'train', path.join(samples, 'text-gru.model.ts'), '--epochs', '3', '--json', '--runs-dir', runsDir], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const events = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const finished = events.at(-1);
  assert.equal(finished.type, 'run-finished');
  assert.equal(finished.status, 'completed');
  assert.ok(finished.metrics.val_accuracy > 0.7, `val_accuracy ${finished.metrics.val_accuracy}`);
  const codes = events.filter((e) => e.type === 'diagnostic').map((e) => e.finding.code);
  assert.ok(!codes.includes('unnormalized-inputs') && !codes.includes('constant-features'), codes.join(', '));
  const started = events.find((e) => e.type === 'run-started');
  assert.equal(started.config.data.resolved.featuresAreIds.inputDim, 30);
  // Export reads the run's data as it was prepared (raw ids) and verifies against onnxruntime.
  const exported = spawnSync(process.execPath, [cli, 'export', finished.runId, '--runs-dir', runsDir, '--json'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(exported.status, 0, exported.stderr);
  const result = JSON.parse(exported.stdout.trim().split('\n').at(-1)!);
  assert.equal(result.type, 'export-finished');
  assert.equal(result.verification.passed, true);
  assert.equal(result.verification.realInputs.split, 'validation', JSON.stringify(result.verification.realInputs));
  assert.ok(result.verification.realInputs.count > 0);
});
