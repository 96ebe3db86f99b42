// The facts rules read about the model and the data: initializer names, class counts, the trivial loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { dataFacts, describeInitializer, traceLayers, traceVariables } from '../src/engine/diagnostics/facts';
import type { PreparedData } from '../src/engine/data/types';

test('initializers are named as users write them, not as tfjs serializes them', () => {
  assert.equal(describeInitializer('VarianceScaling', { scale: 2, mode: 'fanIn', distribution: 'normal' }), 'heNormal');
  assert.equal(describeInitializer('VarianceScaling', { scale: 1, mode: 'fanAvg', distribution: 'uniform' }), 'glorotUniform');
  assert.equal(describeInitializer('Constant', { value: -6 }), 'constant(-6)');
  assert.equal(describeInitializer('RandomNormal', { mean: 0, stddev: 2 }), 'randomNormal(stddev=2)');
  assert.equal(describeInitializer('Zeros'), 'zeros');
});

test('layers and variables of a model', () => {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu', kernelInitializer: 'heNormal' }),
    tf.layers.dense({ units: 2, activation: 'softmax' }),
  ] });
  const layers = traceLayers(model);
  assert.deepEqual(layers.map((l) => [l.activationKind, l.initializers.kernel, l.params]), [['relu-family', 'heNormal', 16], ['softmax', 'glorotNormal', 10]]);
  assert.deepEqual(traceVariables(model).map((v) => [v.role, v.size]), [['kernel', 12], ['bias', 4], ['kernel', 8], ['bias', 2]]);
});

function data(y: number[], oneHot: boolean, task: 'classification' | 'regression' = 'classification'): PreparedData {
  const count = oneHot ? y.length / 2 : y.length;
  return { name: 't', task, featureShape: [1], targetShape: [oneHot ? 2 : 1], numClasses: task === 'classification' ? 2 : undefined, oneHot, train: { x: new Float32Array(count), y: Float32Array.from(y), count } };
}

test('layers: the initial kernels\' gain against their fan-in, and the kernel\'s L2 penalty', () => {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ inputShape: [64], units: 64, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) }),
    tf.layers.dense({ units: 64, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1 }) }),
    tf.layers.reshape({ targetShape: [8, 8] }),
    tf.layers.simpleRNN({ units: 16, recurrentInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1 }) }),
  ] });
  const [he, randn, reshape, rnn] = traceLayers(model);
  // tfjs draws heNormal from a truncated normal: a little under √2.
  assert.ok(he.initialKernelGain! > 1.1 && he.initialKernelGain! < 1.5, String(he.initialKernelGain));
  assert.equal(he.kernelL2, 0.5);
  assert.ok(Math.abs(randn.initialKernelGain! - 8) < 0.4, String(randn.initialKernelGain));
  assert.equal(randn.kernelL2, undefined);
  assert.equal(reshape.initialKernelGain, undefined);
  assert.ok(Math.abs(rnn.initialRecurrentGain! - 4) < 0.5, String(rnn.initialRecurrentGain));
  assert.ok(rnn.initialKernelGain! < 1.5, String(rnn.initialKernelGain));
  model.dispose();
});

test('class counts, the class-prior loss and chance accuracy', () => {
  const facts = dataFacts(data([1, 0, 0, 1, 1, 0, 0, 1], true), 'categoricalCrossentropy');
  assert.deepEqual(facts.classCounts, [2, 2]);
  assert.ok(Math.abs(facts.trivialLoss! - Math.log(2)) < 1e-9);
  assert.equal(facts.chanceAccuracy, 0.5);
  assert.equal(facts.targetLayout, 'one-hot');
});

test('the loss decides how targets are read: ±1 labels with binary cross-entropy are a binary task', () => {
  const facts = dataFacts(data([-1, 1, 1, -1], false, 'regression'), 'binaryCrossentropy');
  assert.equal(facts.task, 'classification');
  assert.equal(facts.targetLayout, 'binary');
  assert.equal(facts.labelMin, -1);
});

test('regression: the trivial MSE is the target variance', () => {
  const facts = dataFacts(data([1, 2, 3, 4], false, 'regression'), 'meanSquaredError');
  assert.ok(Math.abs(facts.trivialLoss! - 1.25) < 1e-9);
  assert.ok(Math.abs(facts.targetStd! - Math.sqrt(1.25)) < 1e-6);
});
