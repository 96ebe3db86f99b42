// Losses and metrics against values worked out by hand.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { LossName, MetricName } from '../src/sdk/types';
import { isClassificationLoss, LOSS_NAMES, lossFunction } from '../src/engine/train/losses';
import { METRIC_NAMES, metricFunction } from '../src/engine/train/metrics';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

/** Evaluates a loss or metric on plain arrays and returns the number, disposing everything. */
function value(fn: (y: tf.Tensor, p: tf.Tensor) => tf.Tensor, y: number[] | number[][], p: number[] | number[][]): number {
  return tf.tidy(() => {
    const out = fn(tf.tensor(y), tf.tensor(p));
    assert.equal(out.rank, 0, 'not a scalar');
    return out.dataSync()[0];
  });
}

const loss = (name: LossName) => lossFunction(name);
const ln = Math.log;

describe('losses', () => {
  test('categoricalCrossentropy: −Σ y·log p per sample, averaged', () => {
    close(value(loss('categoricalCrossentropy'), [[0, 1]], [[0.25, 0.75]]), -ln(0.75));
    close(value(loss('categoricalCrossentropy'), [[0, 1], [1, 0]], [[0.25, 0.75], [0.6, 0.4]]), -(ln(0.75) + ln(0.6)) / 2);
  });

  test('categoricalCrossentropy clips p to [1e-7, 1 − 1e-7]', () => {
    close(value(loss('categoricalCrossentropy'), [[0, 1]], [[1, 0]]), -ln(1e-7), 1e-3);
  });

  test('categoricalCrossentropy rescales p to sum to 1 first (as Keras)', () => {
    close(value(loss('categoricalCrossentropy'), [[0, 1]], [[0.5, 1.5]]), -ln(0.75));
  });

  test('sparseCategoricalCrossentropy equals categorical on the same data, labels [n] or [n, 1]', () => {
    const p = [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]];
    const expected = value(loss('categoricalCrossentropy'), [[0, 1, 0], [0, 0, 1]], p);
    close(expected, -(ln(0.7) + ln(0.25)) / 2);
    close(value(loss('sparseCategoricalCrossentropy'), [1, 2], p), expected);
    close(value(loss('sparseCategoricalCrossentropy'), [[1], [2]], p), expected);
  });

  test('binaryCrossentropy: clipped, averaged over the last axis, then the batch', () => {
    close(value(loss('binaryCrossentropy'), [[1], [0]], [[0.75], [0.25]]), -ln(0.75));
    close(value(loss('binaryCrossentropy'), [[1, 0]], [[0.9, 0.2]]), -(ln(0.9) + ln(0.8)) / 2);
    close(value(loss('binaryCrossentropy'), [[1]], [[0]]), -ln(1e-7), 1e-3);
    close(value(loss('binaryCrossentropy'), [1, 0], [[0.75], [0.25]]), -ln(0.75)); // labels [n], predictions [n, 1]
  });

  test('meanSquaredError and meanAbsoluteError', () => {
    const y = [[1, 2], [3, 4]];
    const p = [[2, 2], [3, 6]]; // errors 1, 0 | 0, 2
    close(value(loss('meanSquaredError'), y, p), (0.5 + 2) / 2);
    close(value(loss('meanAbsoluteError'), y, p), (0.5 + 1) / 2);
  });

  test('regression losses do not broadcast labels [n] against predictions [n, 1]', () => {
    close(value(loss('meanSquaredError'), [1, 2, 3], [[1], [2], [5]]), 4 / 3);
    close(value(loss('meanAbsoluteError'), [[1], [2], [3]], [1, 2, 5]), 2 / 3);
  });

  test('huber (δ = 1): ½e² inside, |e| − ½ outside', () => {
    close(value(loss('huber'), [[0], [0], [0]], [[0.5], [3], [-2]]), (0.125 + 2.5 + 1.5) / 3);
  });

  test('losses are differentiable: d mse / d p = 2(p − y)/n', () => {
    const y = tf.tensor2d([[1], [2]]);
    const p = tf.tensor2d([[2], [2]]);
    const g = tf.grad((x: tf.Tensor) => lossFunction('meanSquaredError')(y, x))(p);
    assert.deepEqual(Array.from(g.dataSync()), [1, 0]);
    tf.dispose([y, p, g]);
  });

  test('unknown loss names list the valid ones', () => {
    assert.throws(() => lossFunction('crossEntropy' as LossName), (err: Error) => {
      for (const name of LOSS_NAMES) assert.ok(err.message.includes(name), name);
      return /Unknown loss 'crossEntropy'/.test(err.message);
    });
    assert.throws(() => lossFunction('toString' as LossName), /Unknown loss/);
  });

  test('LOSS_NAMES and isClassificationLoss', () => {
    assert.equal(LOSS_NAMES.length, 6);
    assert.deepEqual(LOSS_NAMES.filter(isClassificationLoss), ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy']);
  });
});

describe('metrics', () => {
  const p = [[0.2, 0.8], [0.3, 0.7], [0.6, 0.4]]; // predicted classes 1, 1, 0

  test('accuracy with categoricalCrossentropy: argmax equality', () => {
    close(value(metricFunction('accuracy', 'categoricalCrossentropy'), [[0, 1], [1, 0], [0, 1]], p), 1 / 3);
  });

  test('accuracy with sparseCategoricalCrossentropy: argmax against integer labels [n] or [n, 1]', () => {
    close(value(metricFunction('accuracy', 'sparseCategoricalCrossentropy'), [1, 0, 1], p), 1 / 3);
    close(value(metricFunction('accuracy', 'sparseCategoricalCrossentropy'), [[1], [1], [0]], p), 1);
  });

  test('accuracy with binaryCrossentropy: p > 0.5 means 1', () => {
    // 0.6 → 1 ✓, 0.4 → 0 ✓, 0.5 → 0 ✗ (not above the threshold), 0.51 → 1 ✗
    close(value(metricFunction('accuracy', 'binaryCrossentropy'), [[1], [0], [1], [0]], [[0.6], [0.4], [0.5], [0.51]]), 0.5);
    close(value(metricFunction('accuracy', 'binaryCrossentropy'), [[1, 0]], [[0.9, 0.9]]), 0.5);
    close(value(metricFunction('accuracy', 'binaryCrossentropy'), [1, 0], [[0.9], [0.1]]), 1);
  });

  test('accuracy with a regression loss throws', () => {
    for (const lossName of ['meanSquaredError', 'meanAbsoluteError', 'huber'] as LossName[]) {
      assert.throws(() => metricFunction('accuracy', lossName), /accuracy needs a classification loss/);
    }
  });

  test('mse and mae, whatever the loss', () => {
    const y = [[1, 2], [3, 4]];
    const q = [[2, 2], [3, 6]];
    close(value(metricFunction('mse', 'meanAbsoluteError'), y, q), 1.25);
    close(value(metricFunction('mae', 'categoricalCrossentropy'), y, q), 0.75);
    close(value(metricFunction('mse', 'meanSquaredError'), [1, 2], [[1], [4]]), 2);
  });

  test('unknown metric names list the valid ones', () => {
    assert.throws(() => metricFunction('f1' as MetricName, 'categoricalCrossentropy'), /Unknown metric 'f1'. Use any of: accuracy, mse, mae/);
    assert.deepEqual(METRIC_NAMES, ['accuracy', 'mse', 'mae']);
  });
});

test('no tensor leaks from any loss or metric', () => {
  const cases: [LossName, number[][], number[][]][] = [
    ['categoricalCrossentropy', [[0, 1], [1, 0]], [[0.3, 0.7], [0.6, 0.4]]],
    ['sparseCategoricalCrossentropy', [[1], [0]], [[0.3, 0.7], [0.6, 0.4]]],
    ['binaryCrossentropy', [[1], [0]], [[0.7], [0.4]]],
    ['meanSquaredError', [[1], [0]], [[0.7], [0.4]]],
    ['meanAbsoluteError', [[1], [0]], [[0.7], [0.4]]],
    ['huber', [[1], [0]], [[0.7], [3]]],
  ];
  for (const [name, yValues, pValues] of cases) {
    const y = tf.tensor(yValues);
    const p = tf.tensor(pValues);
    const before = tf.memory().numTensors;
    const fns = [lossFunction(name), ...METRIC_NAMES.filter((m) => m !== 'accuracy' || isClassificationLoss(name)).map((m) => metricFunction(m, name))];
    for (const fn of fns) fn(y, p).dispose();
    assert.equal(tf.memory().numTensors, before, `leak in ${name} or its metrics`);
    tf.dispose([y, p]);
  }
});
