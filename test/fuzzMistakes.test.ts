// A fuzzed corpus of ordinary mistakes: a small, valid model file mutated by fast-check (unknown and misspelled
// keys at every level, wrong types, bad values in the data, empty or tiny splits, x/y length mismatches, ragged
// rows, wrong input shapes, labels out of range, ids beyond an Embedding, a model function that throws or
// returns a non-model, data functions that throw or reject). Every case must end in a clear error (LoadError:
// exit 2) naming the model file and a line, or in a finding that says what is wrong; never a stack from
// TensorFlow.js internals, never an error without a place. A few cases also go through the CLI: exit 2 and no
// run recorded. `MODELLAB_FUZZ_RUNS=2000 npm run test:unit` runs a longer corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { createMonitor, emptyTrace } from '../src/engine/diagnostics/session';
import { stepsPerEpoch } from '../src/engine/train/batches';
import { LoadError } from '../src/engine/loader/errors';
import { setUpFromFile } from '../src/engine/train/setUpFromFile';
import { tempDir } from './helpers';

const RUNS = Number(process.env.MODELLAB_FUZZ_RUNS ?? 300);
const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

/** The valid model file every mistake starts from; each `{{name}}` is a place a mutation can change. */
interface Parts {
  topLevel: string;
  dataOptions: string;
  x: string;
  y: string;
  layers: string;
  modelBody: string;
  dataFn: string;
  optimizer: string;
  callbacks: string;
  loss: string;
}

const X = 'Array.from({ length: 40 }, (_, i) => [i % 5, (i * 3) % 7, (i * 7) % 4, i % 2])';
const Y = 'Array.from({ length: 40 }, (_, i) => i % 3)';
const LAYERS = "tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),\n        tf.layers.dense({ units: 3, activation: 'softmax' }),";

const VALID: Parts = {
  topLevel: '',
  dataOptions: '{ validationSplit: 0.25 }',
  x: X,
  y: Y,
  layers: LAYERS,
  modelBody: 'tf.sequential({ layers: [\n        {{layers}}\n      ] })',
  dataFn: '() => ({ train: { x: {{x}}, y: {{y}} } })',
  optimizer: "{ name: 'adam', learningRate: 0.01 }",
  callbacks: '',
  loss: "'sparseCategoricalCrossentropy'",
};

function render(p: Parts): string {
  const body = p.modelBody.replace('{{layers}}', p.layers);
  const dataFn = p.dataFn.replace('{{x}}', p.x).replace('{{y}}', p.y);
  return `import * as tf from '@tensorflow/tfjs';
import { experiment, fromFunction } from 'modellab';

export const fuzzed = experiment({
  name: 'fuzzed',
  data: fromFunction(${dataFn}, ${p.dataOptions}),
  model: () =>
      ${body},
  optimizer: ${p.optimizer},
  loss: ${p.loss},
  metrics: ['accuracy'],
  epochs: 1,
  batchSize: 8,${p.callbacks}${p.topLevel}
});
`;
}

interface Mutation {
  what: string;
  parts: Partial<Parts>;
  /** The error must say this (a LoadError), or a finding of this code must report it. */
  says: RegExp;
  finding?: string;
}

const typo = fc.constantFrom('epochz', 'batchsize', 'learningrate', 'validationSplt', 'patiense', 'seeed', 'optimiser', 'metric', 'earlystopping', 'zzz');
const word = fc.stringMatching(/^[a-z][a-zA-Z]{2,10}$/);

const mutations: fc.Arbitrary<Mutation>[] = [
  fc.oneof(typo, word).filter((k) => !['name', 'data', 'model', 'optimizer', 'loss', 'metrics', 'epochs', 'batchSize', 'seed', 'shuffle', 'probes', 'diagnostics', 'sweep', 'description', 'earlyStopping', 'reduceLROnPlateau', 'stopOnDivergence', 'crossValidation'].includes(k)).map((k) => ({ what: `unknown top-level key ${k}`, parts: { topLevel: `\n  ${k}: 3,` }, says: new RegExp(`unknown key '${k}'`) })),
  fc.oneof(typo, word).filter((k) => !['validationSplit', 'testSplit', 'normalize', 'normalizeTargets', 'limit', 'oneHot', 'seed'].includes(k)).map((k) => ({ what: `unknown data option ${k}`, parts: { dataOptions: `{ validationSplit: 0.25, ${k}: true }` }, says: new RegExp(`unknown key '${k}'`) })),
  fc.oneof(typo, word).filter((k) => !['monitor', 'patience', 'minDelta', 'restoreBest'].includes(k)).map((k) => ({ what: `unknown earlyStopping key ${k}`, parts: { callbacks: `\n  earlyStopping: { ${k}: 2 },` }, says: new RegExp(`unknown key '${k}'`) })),
  fc.oneof(typo, word).filter((k) => !['name', 'learningRate', 'clipNorm', 'globalClipNorm', 'clipValue', 'beta1', 'beta2', 'epsilon'].includes(k)).map((k) => ({ what: `unknown optimizer key ${k}`, parts: { optimizer: `{ name: 'adam', ${k}: 0.1 }` }, says: new RegExp(`'adam' has no option '${k}'`) })),
  fc.constantFrom(
    { what: 'epochs as text', parts: { topLevel: "\n  seed: 'x'," }, says: /'seed' must be a whole number/ },
    { what: 'a fraction out of range', parts: { dataOptions: '{ validationSplit: 1.5 }' }, says: /'validationSplit' must be a number in \[0, 1\)/ },
    { what: 'shuffle as text', parts: { topLevel: "\n  shuffle: 'yes'," }, says: /'shuffle' must be true or false/ },
    { what: 'an unknown loss', parts: { loss: "'crossEntropy'" }, says: /'loss' must be one of/ },
    { what: 'probes.everySteps 0', parts: { topLevel: '\n  probes: { everySteps: 0 },' }, says: /'probes\.everySteps' must be a whole number ≥ 1/ },
  ),
  fc.constantFrom(
    { what: 'NaN in the features', parts: { x: X.replace('i % 2]', 'i === 7 ? NaN : i % 2]') }, says: /NaN|non-finite/i, finding: 'non-finite-data' },
    { what: 'Infinity in the features', parts: { x: X.replace('i % 2]', 'i === 3 ? Infinity : i % 2]') }, says: /Infinity|non-finite/i, finding: 'non-finite-data' },
    { what: 'a string in the features', parts: { x: X.replace('i % 2]', "i === 5 ? ('abc' as unknown as number) : i % 2]") }, says: /abc|not a number|number/i },
    { what: 'an empty training split', parts: { x: '[]', y: '[]' }, says: /empty|no rows|no samples|0 samples|at least/i },
    { what: 'one training row', parts: { x: '[[1, 2, 3, 4]]', y: '[1]' }, says: /too few|at least|rows|samples|validation/i },
    { what: 'x and y of different lengths', parts: { y: 'Array.from({ length: 39 }, (_, i) => i % 3)' }, says: /39|40|length|rows|samples/ },
    { what: 'ragged rows', parts: { x: X.replace('i % 2]', 'i % 2].slice(0, i === 9 ? 3 : 4)') }, says: /ragged|row 9|length|values|shape/i },
    { what: 'a wrong input shape', parts: { layers: LAYERS.replace('inputShape: [4]', 'inputShape: [5]') }, says: /shape|expects|features/i },
    { what: 'labels out of range', parts: { y: 'Array.from({ length: 40 }, (_, i) => (i === 11 ? 7 : i % 3))' }, says: /7|range|class/i, finding: 'label-out-of-range' },
    { what: 'labels in the wrong encoding for the loss', parts: { loss: "'binaryCrossentropy'" }, says: /binary|sigmoid|softmax|class|label|units/i, finding: 'loss-activation-mismatch' },
    { what: 'ids beyond an Embedding', parts: { layers: "tf.layers.embedding({ inputDim: 4, outputDim: 2, inputLength: 4 }),\n        tf.layers.flatten(),\n        tf.layers.dense({ units: 3, activation: 'softmax' })," }, says: /ids in 0…6 reach the Embedding/ },
    { what: 'a model function that throws', parts: { modelBody: "(() => { throw new Error('no model today'); })()" }, says: /no model today/ },
    { what: 'a model function that returns a non-model', parts: { modelBody: '({ layers: [] }) as unknown as tf.LayersModel' }, says: /must return a tf\.LayersModel/ },
    { what: 'a data function that throws', parts: { dataFn: "() => { throw new Error('disk on fire'); }" }, says: /disk on fire/ },
    { what: 'a data function whose promise rejects', parts: { dataFn: "async () => { throw new Error('network down'); }" }, says: /network down/ },
    { what: 'a layer option typo inside tfjs', parts: { layers: LAYERS.replace("activation: 'relu'", "activation: 'rellu'") }, says: /rellu/ },
  ),
];

/** A message from TensorFlow.js' own code, not ours: what users must never be left with. */
const INTERNAL = /node_modules|\bat \S+ \(|tfjs-(core|layers|backend)|GatherV2|Kernel '/;

/** What setting the file up gives: its LoadError, or the codes of the static rules' findings (what a run reports first). */
async function outcomeOf(file: string): Promise<{ error?: LoadError; findings: string[] }> {
  try {
    const { setup } = await setUpFromFile({ file, backend: 'cpu' });
    const findings = createMonitor(setup, emptyTrace(setup, stepsPerEpoch(setup.data.train.count, setup.batchSize)), () => undefined).runStatic().map((f) => f.code);
    setup.model.dispose();
    return { findings };
  } catch (err) {
    if (err instanceof LoadError) return { error: err, findings: [] };
    throw new Error(`not a LoadError: ${err instanceof Error ? err.stack : String(err)}`);
  }
}

let tried = 0;

if (process.env.MODELLAB_FUZZ_LIST) {
  test('list: every constant mutation and what it gives', async () => {
    const dir = tempDir();
    const all = fc.sample(fc.oneof(...mutations), { numRuns: 2000, seed: 1 });
    const seen = new Set<string>();
    for (const m of all) {
      if (seen.has(m.what) || /^unknown/.test(m.what)) continue;
      seen.add(m.what);
      const file = path.join(dir, `list-${seen.size}.model.ts`);
      fs.writeFileSync(file, render({ ...VALID, ...m.parts }));
      const { error, findings } = await outcomeOf(file).catch((e: Error) => ({ error: { message: `THREW ${e.message}`, location: undefined } as unknown as LoadError, findings: [] as string[] }));
      console.log(`${m.what}: ${error ? `${error.code ?? ''} ${error.location ? `${path.basename(error.location.file)}:${error.location.line}` : 'NO LOCATION'} ${error.message.slice(0, 200)}` : `ok, findings ${findings.join(',')}`}`);
    }
  });
}

test(`a fuzzed corpus of mistakes: each ends in a clear error at a line of the model file, or a finding`, async () => {
  const dir = tempDir();
  await fc.assert(
    fc.asyncProperty(fc.oneof(...mutations), async (mutation) => {
      tried++;
      const file = path.join(dir, `case-${tried}.model.ts`);
      fs.writeFileSync(file, render({ ...VALID, ...mutation.parts }));
      const { error, findings } = await outcomeOf(file);
      if (error) {
        assert.match(error.message, mutation.says, `${mutation.what}: ${error.message}`);
        assert.doesNotMatch(`${error.message}\n${error.details ?? ''}`, INTERNAL, `${mutation.what}: TensorFlow.js internals in ${error.message}`);
        assert.ok(error.location, `${mutation.what}: no location in "${error.message}"`);
        assert.equal(error.location.file, file, `${mutation.what}: the error points at ${error.location.file}`);
        assert.ok(error.location.line >= 1);
        return;
      }
      assert.ok(mutation.finding && findings.includes(mutation.finding), `${mutation.what}: trained without an error${mutation.finding ? ` or the ${mutation.finding} finding` : ''} (findings: ${findings.join(', ') || 'none'})`);
    }),
    { numRuns: RUNS, seed: Number(process.env.MODELLAB_FUZZ_SEED ?? 42) },
  );
  console.log(`fuzzed mistakes: ${tried} cases tried`);
  assert.equal(tried, RUNS);
});

test('mistakes through the CLI: exit 2, said with file:line, nothing recorded', () => {
  const dir = tempDir();
  const runsDir = path.join(dir, 'runs');
  const cases: Partial<Parts>[] = [
    { topLevel: '\n  epochz: 3,' },
    { dataFn: "async () => { throw new Error('network down'); }" },
    { layers: "tf.layers.embedding({ inputDim: 4, outputDim: 2, inputLength: 4 }),\n        tf.layers.flatten(),\n        tf.layers.dense({ units: 3, activation: 'softmax' })," },
    { modelBody: "(() => { throw new Error('no model today'); })()" },
  ];
  cases.forEach((parts, i) => {
    const file = path.join(dir, `cli-${i}.model.ts`);
    fs.writeFileSync(file, render({ ...VALID, ...parts }));
    const r = spawnSync(process.execPath, [cli, 'train', file, '--runs-dir', runsDir, '--backend', 'cpu'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `${JSON.stringify(parts)}: exit ${r.status}\n${r.stderr}`);
    assert.match(r.stderr, new RegExp(`cli-${i}\\.model\\.ts:\\d+:\\d+: `), r.stderr);
    assert.doesNotMatch(r.stderr, INTERNAL, r.stderr);
  });
  assert.equal(fs.existsSync(runsDir) ? fs.readdirSync(runsDir).length : 0, 0, 'no run recorded');
});
