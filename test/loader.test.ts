// Loading model files: experiments found, layers located on their source lines, and clear errors
// with file:line:column for each kind of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { loadModelFile, selectExperiment } from '../src/engine/loader/evaluate';
import { LoadError } from '../src/engine/loader/errors';
import { layerLocation } from '../src/engine/loader/runtime';
import { buildModel, createSetup } from '../src/engine/train/setup';

const fixtures = path.join(__dirname, 'fixtures');
const samples = path.join(__dirname, '..', 'samples');

async function loadError(file: string, experiment?: string): Promise<LoadError> {
  try {
    const loaded = await loadModelFile(path.join(fixtures, file));
    await createSetup(selectExperiment(loaded, experiment).experiment);
  } catch (err) {
    assert.ok(err instanceof LoadError, `expected a LoadError, got ${String(err)}`);
    return err;
  }
  assert.fail(`${file} loaded without error`);
}

function lineOf(file: string, needle: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
}

test('finds the experiments a model file exports and where each was declared', async () => {
  const file = path.join(samples, 'digits-mlp.model.ts');
  const loaded = await loadModelFile(file);
  assert.equal(loaded.experiments.length, 1);
  const { experiment, exportName } = loaded.experiments[0];
  assert.equal(exportName, 'digitsMlp');
  assert.equal(experiment.config.name, 'digits-mlp');
  assert.equal(experiment.location?.file, file);
  assert.equal(experiment.location?.line, lineOf(file, 'export const digitsMlp'));
});

test('every layer knows the file and line of the tf.layers call that created it', async () => {
  const file = path.join(samples, 'digits-cnn.model.ts');
  const loaded = await loadModelFile(file);
  const model = buildModel(loaded.experiments[0].experiment, {}, { inputShape: [8, 8, 1], task: 'classification', numClasses: 10, samples: { train: 1, validation: 0, test: 0 } });
  const expected = ['tf.layers.conv2d({ inputShape', 'tf.layers.maxPooling2d', 'tf.layers.conv2d({ filters: 32', 'tf.layers.flatten', 'tf.layers.dropout', 'tf.layers.dense'];
  assert.equal(model.layers.length, expected.length);
  model.layers.forEach((layer, i) => {
    const loc = layerLocation(layer);
    assert.ok(loc, `${layer.name} has no location`);
    assert.equal(loc.file, file);
    assert.equal(loc.line, lineOf(file, expected[i]), `${layer.name}`);
  });
});

test('functional models: layers applied later are located too', async () => {
  const file = path.join(samples, 'spirals.model.ts');
  const model = buildModel((await loadModelFile(file)).experiments[0].experiment, {}, { inputShape: [2], task: 'classification', numClasses: 3, samples: { train: 1, validation: 0, test: 0 } });
  const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
  assert.equal(dense.length, 3);
  assert.equal(layerLocation(dense[0])?.line, lineOf(file, 'const h1 ='));
  assert.equal(layerLocation(model.layers.find((l) => l.getClassName() === 'Add')!)?.line, lineOf(file, 'tf.layers.add()'));
});

test('syntax error: file, line and column', async () => {
  const err = await loadError('syntax-error.model.ts');
  assert.equal(err.code, 'syntax');
  assert.equal(err.location?.file, path.join(fixtures, 'syntax-error.model.ts'));
  assert.equal(err.location?.line, 6);
  assert.ok(err.location!.column > 1);
});

test('no experiment exported', async () => {
  const err = await loadError('no-experiment.model.ts');
  assert.equal(err.code, 'no-experiment');
  assert.match(err.message, /exports no experiment/);
});

test('unknown experiment name lists the ones there are', async () => {
  const err = await loadError('shape-mismatch.model.ts', 'nope');
  assert.equal(err.code, 'unknown-experiment');
  assert.match(err.message, /'wrong-input', 'wrong-output'/);
});

test('a model() that throws points at the throwing line', async () => {
  const err = await loadError('model-throws.model.ts');
  assert.equal(err.code, 'model-threw');
  assert.match(err.message, /boom in model\(\)/);
  assert.equal(err.location?.line, lineOf(path.join(fixtures, 'model-throws.model.ts'), "throw new Error('boom"));
});

test('data that does not fit the input names the layer and both shapes', async () => {
  const err = await loadError('shape-mismatch.model.ts', 'wrong-input');
  assert.equal(err.code, 'shape-mismatch');
  assert.match(err.message, /\[4\]/);
  assert.match(err.message, /\[5\]/);
  assert.match(err.message, /layer 'dense_Dense\d+'/);
  assert.equal(err.location?.line, lineOf(path.join(fixtures, 'shape-mismatch.model.ts'), 'inputShape: [5]'));
});

test('targets that do not fit the output name the output layer and both shapes', async () => {
  const err = await loadError('shape-mismatch.model.ts', 'wrong-output');
  assert.equal(err.code, 'shape-mismatch');
  assert.match(err.message, /\[3\]/);
  assert.match(err.message, /\[2\]/);
  assert.match(err.message, /3 classes/);
  const file = path.join(fixtures, 'shape-mismatch.model.ts');
  assert.equal(err.location?.line, lineOf(file, "units: 2, activation: 'softmax'"));
});

test('unknown optimizer, loss and dataset names list the valid ones', async () => {
  const opt = await loadError('bad-names.model.ts', 'bad-optimizer');
  assert.equal(opt.code, 'unknown-optimizer');
  assert.match(opt.message, /adamm/);
  assert.match(opt.message, /adamw/);
  const loss = await loadError('bad-names.model.ts', 'bad-loss');
  assert.equal(loss.code, 'unknown-loss');
  assert.match(loss.message, /categoricalCrossentropy/);
  const data = await loadError('bad-names.model.ts', 'bad-dataset');
  assert.equal(data.code, 'unknown-dataset');
  assert.match(data.message, /mnist/);
  assert.match(data.message, /digits/);
  assert.equal(data.location?.file, path.join(fixtures, 'bad-names.model.ts'));
});

test('a missing file is a clear error', async () => {
  await assert.rejects(loadModelFile(path.join(fixtures, 'nope.model.ts')), (err: LoadError) => err.code === 'file-not-found' && /nope\.model\.ts/.test(err.message));
});
