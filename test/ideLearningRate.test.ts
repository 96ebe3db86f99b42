// Writing a learning rate into an experiment's optimizer (the range test's "apply"), in every form the
// optimizer can be written, and reading the sweep / cross-validation keys the workflow CodeLenses show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanExperiments } from '../src/ide/experimentScanner';
import { applyEdits, setLearningRate } from '../src/ide/quickFixes';
import { experimentWorkflows } from '../src/ide/workflowScan';

const file = (config: string) => `import * as tf from '@tensorflow/tfjs';\nexport const first = experiment({ name: 'first', epochs: 1 });\nexport const mine = experiment({\n  name: 'mine',\n${config}\n});\n`;

function apply(text: string, experiment: string | undefined, lr: number): string {
  const edit = setLearningRate(text, experiment, lr);
  assert.ok(edit, 'no edit');
  return applyEdits(text, [edit]);
}

test('a bare optimizer name becomes an object with the learning rate', () => {
  const out = apply(file(`  optimizer: 'sgd',\n  loss: 'meanSquaredError',`), 'mine', 0.0031);
  assert.match(out, /  optimizer: \{ name: 'sgd', learningRate: 0\.0031 \},\n  loss:/);
});

test('a number learningRate is replaced, the rest of the object kept', () => {
  const out = apply(file(`  optimizer: { name: 'adam', learningRate: 0.01, clipNorm: 1 },`), 'mine', 3e-4);
  assert.match(out, /optimizer: \{ name: 'adam', learningRate: 3e-4, clipNorm: 1 \},/);
});

test("a schedule's initial rate is replaced", () => {
  const out = apply(file(`  optimizer: { name: 'adam', learningRate: { schedule: 'cosine', initial: 0.1, warmupEpochs: 2 } },`), 'mine', 0.02);
  assert.match(out, /learningRate: \{ schedule: 'cosine', initial: 0\.02, warmupEpochs: 2 \}/);
});

test('an optimizer object without learningRate gets one, in its layout', () => {
  assert.match(apply(file(`  optimizer: { name: 'rmsprop' },`), 'mine', 0.005), /optimizer: \{ name: 'rmsprop', learningRate: 5e-3 \},/);
  const multiline = apply(file(`  optimizer: {\n    name: 'adam',\n    clipNorm: 1,\n  },`), 'mine', 0.001);
  assert.match(multiline, /optimizer: \{\n    name: 'adam',\n    clipNorm: 1,\n    learningRate: 1e-3,\n  \},/);
});

test('no optimizer: adam (the engine default) is added with the rate', () => {
  const out = apply(file(`  loss: 'meanSquaredError',\n  epochs: 3,`), 'mine', 0.002);
  assert.match(out, /  epochs: 3,\n  optimizer: \{ name: 'adam', learningRate: 2e-3 \},\n\}\);/);
  // Only the named experiment changes.
  assert.match(out, /experiment\(\{ name: 'first', epochs: 1 \}\)/);
});

test('the experiment is found by its export name too, and the first one when none is named', () => {
  assert.match(apply(file(`  optimizer: 'adam',`), 'mine', 0.1), /name: 'adam', learningRate: 0\.1/);
  assert.match(apply(file(`  optimizer: 'adam',`), undefined, 0.1), /experiment\(\{ name: 'first', epochs: 1, optimizer: \{ name: 'adam', learningRate: 0\.1 \} \}\)/);
});

test('an optimizer written as code is not edited', () => {
  assert.equal(setLearningRate(file(`  optimizer: (params) => ({ name: 'adam', learningRate: params.lr as number }),`), 'mine', 0.01), undefined);
  assert.equal(setLearningRate(file(`  optimizer: tf.train.adam(0.01),`), 'mine', 0.01), undefined);
  assert.equal(setLearningRate(file(`  optimizer: myOptimizer,`), 'mine', 0.01), undefined);
  assert.equal(setLearningRate(file(`  optimizer: { name: 'adam', learningRate: { schedule: 'cosine' } },`), 'mine', 0.01), undefined);
});

test('an unknown experiment or a rate that is not a positive number gives no edit', () => {
  assert.equal(setLearningRate(file(`  optimizer: 'adam',`), 'other', 0.01), undefined);
  assert.equal(setLearningRate(file(`  optimizer: 'adam',`), 'mine', 0), undefined);
  assert.equal(setLearningRate(file(`  optimizer: 'adam',`), 'mine', Number.NaN), undefined);
});

test('sweep and crossValidation keys are found, with their counts when written as plain numbers', () => {
  const text = [
    "const a = experiment({ name: 'a', sweep: { method: 'random', trials: 8, params: {} } });",
    "const b = experiment({ name: 'b', sweep: { method: 'grid', trials: N, params: {} }, crossValidation: { folds: 5 } });",
    "const c = experiment({ name: 'c', crossValidation: cv });",
    "const d = experiment({ name: 'd', epochs: 3 }); // sweep: { trials: 3 }",
  ].join('\n');
  const [a, b, c, d] = scanExperiments(text).map((e) => experimentWorkflows(text, e));
  assert.deepEqual(a, { sweep: { trials: 8 } });
  assert.deepEqual(b, { sweep: { trials: undefined }, crossValidation: { folds: 5 } });
  assert.deepEqual(c, { crossValidation: { folds: undefined } });
  assert.deepEqual(d, {});
});
