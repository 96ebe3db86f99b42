// Quick-fix edits on real sample files and on small literals: each fix changes exactly what its title says.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits, quickFixesFor, type FixableFinding } from '../src/ide/quickFixes';

const sample = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'samples', name), 'utf8');

/** 1-based position of the first occurrence of `needle` (plus an offset into it). */
function at(text: string, needle: string, into = 0): { line: number; column: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `'${needle}' not in text`);
  const before = text.slice(0, i + into);
  return { line: before.split('\n').length, column: i + into - before.lastIndexOf('\n') };
}

function fix(text: string, finding: FixableFinding, title: RegExp): string {
  const fixes = quickFixesFor(text, finding);
  const chosen = fixes.find((f) => title.test(f.title));
  assert.ok(chosen, `no fix matching ${title}; offered: ${fixes.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, chosen.edits);
}

test('dead-relu: zero biases replaces the negative constant initializer, and leakyReLU is added after the layer', () => {
  const text = sample('faulty/dead-relu.model.ts');
  const finding = { code: 'dead-relu', ...at(text, 'layers.dense(', 'layers.'.length), evidence: { biasInitializer: 'constant(-6)', kernelInitializer: 'heNormal', deadFromStart: true } };
  const fixes = quickFixesFor(text, finding);
  assert.equal(fixes[0].preferred, true);
  assert.ok(!fixes.some((f) => /He initialization/.test(f.title)), 'the layer already uses heNormal');
  const zeroed = fix(text, finding, /biases to zero/);
  assert.match(zeroed, /kernelInitializer: 'heNormal', biasInitializer: 'zeros' \}\),/);
  assert.doesNotMatch(zeroed, /constant\(\{ value: -6 \}\)/);
  const leaky = fix(text, finding, /leakyReLU/);
  assert.match(leaky, /units: 64, kernelInitializer: 'heNormal', biasInitializer: tf\.initializers\.constant\(\{ value: -6 \}\) \}\),\n\s+tf\.layers\.leakyReLU\(\{ alpha: 0\.1 \}\),\n\s+tf\.layers\.dense\(\{ units: 10/);
  assert.doesNotMatch(leaky.split('\n').find((l) => l.includes('units: 64'))!, /activation/);
});

test('He initialization is added to a ReLU layer that lacks it', () => {
  const text = `import * as tf from '@tensorflow/tfjs';\nexport const e = experiment({ name: 'x', model: () => tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', biasInitializer: tf.initializers.constant({ value: -3 }) }), tf.layers.dense({ units: 1 })] }) });\n`;
  const out = fix(text, { code: 'dead-relu', ...at(text, 'layers.dense(', 7), evidence: { biasInitializer: 'constant(-3)', kernelInitializer: 'glorotUniform', deadFromStart: true } }, /He initialization/);
  assert.match(out, /activation: 'relu', biasInitializer: tf\.initializers\.constant\(\{ value: -3 \}\), kernelInitializer: 'heNormal' \}\)/);
});

test('diverged: the learning rate goes down 10× and clipNorm is added to the optimizer object', () => {
  const text = sample('faulty/diverged.model.ts');
  const finding = { code: 'diverged', ...at(text, 'optimizer:') };
  assert.match(fix(text, finding, /Lower the learning rate 10×/), /optimizer: \{ name: 'sgd', learningRate: 2 \}/);
  assert.match(fix(text, finding, /clipNorm/), /optimizer: \{ name: 'sgd', learningRate: 20, clipNorm: 1 \}/);
});

test('a finding on a layer option (the initializer\'s own line) gets that layer\'s fixes: a matched initializer for oversized weights', () => {
  const text = [
    "import * as tf from '@tensorflow/tfjs';",
    "export const e = experiment({",
    "  name: 'x',",
    "  model: () => tf.sequential({ layers: [",
    "    tf.layers.dense({",
    "      inputShape: [4], units: 32, activation: 'relu',",
    "      kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1 }),",
    "    }),",
    "    tf.layers.dense({ units: 1 }),",
    "  ] }),",
    "  optimizer: { name: 'sgd', learningRate: 0.01 },",
    "});",
  ].join('\n');
  const finding = { code: 'diverged', ...at(text, 'kernelInitializer:'), evidence: { cause: 'initialization' } };
  const fixes = quickFixesFor(text, finding);
  assert.equal(fixes[0].title, 'Use He initialization (heNormal)');
  assert.match(applyEdits(text, fixes[0].edits), /kernelInitializer: 'heNormal',\n/);
  assert.ok(fixes.some((f) => /Lower the learning rate/.test(f.title)), fixes.map((f) => f.title).join(' | '));
  const tanh = text.replace("activation: 'relu'", "activation: 'tanh'");
  assert.equal(quickFixesFor(tanh, { code: 'exploding-activations', ...at(tanh, 'kernelInitializer:'), evidence: {} })[0].title, 'Use Glorot initialization (glorotUniform)');
});

test('a bare optimizer name becomes an object with the scaled default learning rate', () => {
  const text = `export const e = experiment({\n  name: 'x',\n  optimizer: 'adam',\n  loss: 'meanSquaredError',\n});\n`;
  assert.match(fix(text, { code: 'oscillating-loss', ...at(text, 'optimizer') }, /Lower/), /optimizer: \{ name: 'adam', learningRate: 1e-4 \},/);
  assert.match(fix(text, { code: 'loss-plateau', ...at(text, 'optimizer') }, /Raise/), /optimizer: \{ name: 'adam', learningRate: 0\.01 \},/);
});

test('a schedule\'s initial learning rate is the one scaled', () => {
  const text = `export const e = experiment({\n  name: 'x',\n  optimizer: { name: 'sgd', learningRate: { schedule: 'cosine', initial: 0.5 } },\n});\n`;
  assert.match(fix(text, { code: 'exploding-gradient', ...at(text, 'optimizer') }, /Lower/), /initial: 0\.05 \}/);
});

test('overfitting: dropout before the output layer, L2 on hidden layers, early stopping as a new key', () => {
  const text = sample('faulty/overfitting.model.ts');
  const finding = { code: 'overfitting', ...at(text, 'model:') };
  const dropout = fix(text, finding, /dropout/);
  const lines = dropout.split('\n');
  const d = lines.findIndex((l) => l.includes('tf.layers.dropout({ rate: 0.3 }),'));
  assert.ok(d > 0 && /units: 10, activation: 'softmax'/.test(lines[d + 1]), 'dropout sits right before the output layer');
  assert.equal(lines[d].match(/^\s*/)![0], lines[d + 1].match(/^\s*/)![0], 'same indentation as the output layer');
  const l2 = fix(text, finding, /L2/);
  assert.equal((l2.match(/kernelRegularizer: tf\.regularizers\.l2\(\{ l2: 1e-4 \}\)/g) ?? []).length, (text.match(/tf\.layers\.dense\(/g) ?? []).length - 1);
  const early = fix(text, finding, /Stop early/);
  assert.match(early, /\n  earlyStopping: \{ patience: 10, restoreBest: true \},\n\}\);/);
});

test('saturated tanh layer: relu with He initialization', () => {
  const text = sample('faulty/saturated-activation.model.ts');
  const out = fix(text, { code: 'saturated-activation', ...at(text, 'layers.dense(', 7) }, /relu with He/);
  assert.match(out.split('\n').find((l) => l.includes('inputShape'))!, /activation: 'relu', kernelInitializer: 'heNormal' \}/);
});

test('unnormalized inputs: normalize: true is set on the dataset call', () => {
  const text = sample('faulty/unnormalized-inputs.model.ts');
  assert.match(fix(text, { code: 'unnormalized-inputs', ...at(text, 'data:') }, /Standardize/), /data: datasets\.wine\(\{ validationSplit: 0\.2, normalize: true \}\)/);
});

test('no fix is offered where no safe edit exists', () => {
  const text = `export const e = experiment({ name: 'x', optimizer: tf.train.adam(0.1), model: buildModel });\n`;
  assert.deepEqual(quickFixesFor(text, { code: 'diverged', ...at(text, 'optimizer') }), []);
  assert.deepEqual(quickFixesFor(text, { code: 'overfitting', ...at(text, 'model') }).map((f) => f.title), ['Stop early on validation loss (patience 10, restore the best weights)']);
});

test('strings and comments that look like code are left alone', () => {
  const text = `export const e = experiment({\n  name: 'x', // optimizer: 'sgd'\n  optimizer: { name: 'adam', learningRate: 0.003 /* was 0.03, } */ },\n});\n`;
  assert.match(fix(text, { code: 'diverged', ...at(text, '  optimizer', 2) }, /Lower/), /learningRate: 3e-4 \/\* was 0\.03, \} \*\/ \}/);
});
