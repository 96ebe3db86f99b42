// Strict model files: a typo or a wrong type in any object the model-file API takes is an error at the line of
// that key, with "did you mean" and the allowed keys, before anything trains or is recorded (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadModelFile, selectExperiment } from '../src/engine/loader/evaluate';
import { LoadError } from '../src/engine/loader/errors';
import { resolveSettings } from '../src/engine/train/setup';
import { locateCallOption, locateKeyPath } from '../src/engine/loader/keyLocations';
import { tempDir } from './helpers';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

/** A model file around one experiment body; `{{…}}` marks are replaced by the case. */
function modelFile(body: string): string {
  return `import * as tf from '@tensorflow/tfjs';
import { experiment, datasets, fromFunction, choice } from 'modellab';

export const e = experiment({
  name: 'strict',
${body}
  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] }),
  loss: 'categoricalCrossentropy',
});
`;
}

const DATA = "  data: datasets.iris({ validationSplit: 0.2 }),";

interface Case {
  what: string;
  body: string;
  /** The text on the line the error must point at. */
  line: string;
  message: RegExp;
  /** The LoadError code (--json's `code`); bad-config unless said. */
  code?: string;
}

const CASES: Case[] = [
  { what: 'a top-level typo', body: `${DATA}\n  epochz: 3,`, line: 'epochz', message: /unknown key 'epochz' — did you mean 'epochs'\?/ },
  { what: 'a dataset option typo', body: "  data: datasets.breastCancer({ validationSplt: 0.2 }),", line: 'validationSplt', message: /unknown key 'validationSplt' — did you mean 'validationSplit'\?.*datasets\.breastCancer\(\) options/ },
  { what: "another dataset's option", body: "  data: datasets.iris({ validationSplit: 0.2, noise: 0.1 }),", line: 'noise', message: /unknown key 'noise'.*datasets\.iris\(\) options has no option 'noise'/ },
  { what: 'a fromFunction option typo', body: "  data: fromFunction(() => ({ train: { x: [[1, 2, 3, 4]], y: [[1, 0, 0]] } }), { normalise: false }),", line: 'normalise', message: /did you mean 'normalize'\?/ },
  { what: 'an earlyStopping typo', body: `${DATA}\n  earlyStopping: { patiense: 3 },`, line: 'patiense', message: /unknown key 'patiense' — did you mean 'patience'\?/ },
  { what: 'a reduceLROnPlateau typo', body: `${DATA}\n  reduceLROnPlateau: {\n    factr: 0.5,\n  },`, line: 'factr', message: /did you mean 'factor'\?/ },
  { what: 'an optimizer option typo', body: `${DATA}\n  optimizer: { name: 'adam', learningrate: 1e-3 },`, line: 'learningrate', message: /optimizer 'adam' has no option 'learningrate'.*learningRate/ },
  { what: 'a schedule typo', body: `${DATA}\n  optimizer: { name: 'sgd', learningRate: { schedule: 'cosine', initial: 0.1, periodEpoch: 5 } },`, line: 'periodEpoch', message: /did you mean 'periodEpochs'\?/ },
  { what: 'a probes typo', body: `${DATA}\n  probes: { everyStep: 5 },`, line: 'everyStep', message: /did you mean 'everySteps'\?/ },
  { what: 'a sweep typo', body: `${DATA}\n  sweep: { method: 'random', params: { units: choice([4, 8]) }, trails: 2 },`, line: 'trails', message: /did you mean 'trials'\?/ },
  { what: 'a crossValidation typo', body: `${DATA}\n  crossValidation: { folds: 3, stratify: true },`, line: 'stratify', message: /did you mean 'stratified'\?/ },
  { what: 'a wrong type', body: `${DATA}\n  epochs: '3',`, line: 'epochs', message: /'epochs' must be a whole number ≥ 1, got '3'/ },
  { what: 'a fraction out of range', body: "  data: datasets.iris({ validationSplit: 20 }),", line: 'validationSplit', message: /'validationSplit' must be a number in \[0, 1\), got 20/ },
  { what: 'a misspelled enum value', body: `${DATA}\n  optimizer: 'adamm',`, line: 'optimizer', message: /did you mean 'adam'\?/, code: 'unknown-optimizer' },
  { what: 'a wrong sweep method', body: `${DATA}\n  sweep: { method: 'grdi', params: { units: choice([4, 8]) } },`, line: 'method', message: /'sweep\.method' must be one of 'grid', 'random', got 'grdi' — did you mean 'grid'\?/ },
];

async function loadErrorOf(file: string): Promise<LoadError> {
  try {
    const loaded = await loadModelFile(file);
    resolveSettings(selectExperiment(loaded, undefined).experiment);
  } catch (err) {
    assert.ok(err instanceof LoadError, `expected a LoadError, got ${err instanceof Error ? err.stack : String(err)}`);
    return err;
  }
  assert.fail(`${file} was accepted`);
}

for (const c of CASES) {
  test(`strict model files: ${c.what} is an error at its key's line`, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'strict.model.ts');
    const text = modelFile(c.body);
    fs.writeFileSync(file, text);
    const err = await loadErrorOf(file);
    assert.match(err.message, c.message);
    assert.equal(err.code, c.code ?? 'bad-config');
    const lines = text.split('\n');
    const expected = lines.findIndex((l) => l.includes(c.line)) + 1;
    assert.equal(err.location?.file, file);
    assert.equal(err.location?.line, expected, `${err.message} at line ${err.location?.line}, expected ${expected} (${lines[expected - 1].trim()})`);
    assert.equal(lines[expected - 1].slice(err.location!.column - 1).startsWith(c.line), true, `column ${err.location?.column} of "${lines[expected - 1]}"`);
  });
}

test('the CLI: every mistake of a file at once, exit 2, nothing recorded', () => {
  const dir = tempDir();
  const file = path.join(dir, 'typos.model.ts');
  fs.writeFileSync(file, modelFile("  data: datasets.breastCancer({ validationSplt: 0.2 }),\n  epochz: 3,\n  earlyStopping: { patiense: 3 },"));
  const runsDir = path.join(dir, 'runs');
  const r = spawnSync(process.execPath, [cli, 'train', file, '--runs-dir', runsDir], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`typos\\.model\\.ts:7:3: unknown key 'epochz' — did you mean 'epochs'\\?`));
  assert.match(r.stderr, /typos\.model\.ts:8:\d+: unknown key 'patiense'/);
  assert.match(r.stderr, /typos\.model\.ts:6:\d+: unknown key 'validationSplt'/);
  assert.equal(fs.existsSync(runsDir) ? fs.readdirSync(runsDir).length : 0, 0, 'no run recorded');
});

test('locateKeyPath follows the enclosing keys and skips strings and comments', () => {
  const text = [
    "experiment({",
    "  // patience: 1 (a comment)",
    "  note: 'patience: 2',",
    "  reduceLROnPlateau: { patience: 4 },",
    "  earlyStopping: {",
    "    patience: 3,",
    "  },",
    "});",
  ].join('\n');
  const at = { file: 'x.ts', line: 1, column: 1 };
  assert.deepEqual(locateKeyPath(at, ['earlyStopping', 'patience'], text), { file: 'x.ts', line: 6, column: 5 });
  assert.deepEqual(locateKeyPath(at, ['reduceLROnPlateau', 'patience'], text), { file: 'x.ts', line: 4, column: 24 });
  assert.equal(locateKeyPath(at, ['sweep', 'patience'], text), undefined);
});

test('locateCallOption finds a layer option\'s own line, and the declaration of a value passed by name', () => {
  const text = [
    "const INIT = 'zeros';",
    "const layer = tf.layers.dense({",
    "  units: 8,",
    "  kernelInitializer: tf.initializers.randomNormal({ stddev: 1 }),",
    "  biasInitializer: INIT,",
    "  activation: 'relu', // kernelRegularizer: none",
    "});",
  ].join('\n');
  const site = { file: 'x.ts', line: 2, column: 15 };
  assert.deepEqual(locateCallOption(site, 'kernelInitializer', text), { file: 'x.ts', line: 4, column: 3 });
  assert.deepEqual(locateCallOption(site, 'biasInitializer', text), { file: 'x.ts', line: 1, column: 7 });
  assert.deepEqual(locateCallOption(site, 'activation', text), { file: 'x.ts', line: 6, column: 3 });
  assert.equal(locateCallOption(site, 'kernelRegularizer', text), undefined, 'a comment is not the option');
  const helper = ["const init = () => tf.initializers.randomNormal({ stddev: 3 });", 'tf.layers.conv2d({ filters: 8, kernelInitializer: init() });'].join('\n');
  assert.deepEqual(locateCallOption({ file: 'y.ts', line: 2, column: 1 }, 'kernelInitializer', helper), { file: 'y.ts', line: 1, column: 7 });
});

test('every sample model file passes the schema', async () => {
  const samples = path.join(__dirname, '..', 'samples');
  const files = [...fs.readdirSync(samples).map((f) => path.join(samples, f)), ...fs.readdirSync(path.join(samples, 'faulty')).map((f) => path.join(samples, 'faulty', f))].filter((f) => f.endsWith('.model.ts'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const loaded = await loadModelFile(file);
    for (const { experiment } of loaded.experiments) resolveSettings(experiment);
  }
});
