// Early stopping and reduce-on-plateau as pure state machines, with Keras' semantics.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyStopping } from '../src/engine/train/callbacks/earlyStopping';
import { ReduceLROnPlateau } from '../src/engine/train/callbacks/reduceLROnPlateau';

const withVal = { hasValidation: true };
const noVal = { hasValidation: false };

/** Feeds one value per epoch; returns the epoch at which it stopped, or undefined. */
function stopEpoch(es: EarlyStopping, values: number[], key = es.monitor): number | undefined {
  for (let epoch = 0; epoch < values.length; epoch++) {
    if (es.update(epoch, { [key]: values[epoch] }).stop) return epoch;
  }
  return undefined;
}

describe('EarlyStopping', () => {
  test('stops after `patience` epochs without improvement, remembering the best', () => {
    const es = new EarlyStopping({ patience: 2 }, withVal);
    assert.equal(es.monitor, 'val_loss');
    const results = [1, 0.9, 0.95, 0.92].map((v, epoch) => es.update(epoch, { loss: 0, val_loss: v }));
    assert.deepEqual(results.map((r) => r.improved), [true, true, false, false]);
    assert.deepEqual(results.map((r) => r.stop), [false, false, false, true]);
    assert.equal(results[3].bestEpoch, 1);
    assert.equal(results[3].bestValue, 0.9);
  });

  test('an improvement resets the count', () => {
    assert.equal(stopEpoch(new EarlyStopping({ patience: 2 }, withVal), [1, 1.1, 0.8, 0.9, 0.85, 0.7]), 4);
  });

  test('minDelta: smaller changes do not count', () => {
    const es = new EarlyStopping({ patience: 2, minDelta: 0.05 }, withVal);
    const results = [1, 0.97, 0.96].map((v, epoch) => es.update(epoch, { val_loss: v }));
    assert.deepEqual(results.map((r) => r.improved), [true, false, false]);
    assert.equal(results[2].stop, true);
    assert.equal(results[2].bestValue, 1);
    assert.equal(results[2].bestEpoch, 0);
    assert.equal(stopEpoch(new EarlyStopping({ patience: 2, minDelta: 0.05 }, withVal), [1, 0.94, 0.88, 0.85, 0.84]), 4);
  });

  test('mode: accuracy is maximized, losses and errors minimized', () => {
    const acc = new EarlyStopping({ monitor: 'val_accuracy', patience: 1 }, withVal);
    assert.equal(acc.mode, 'max');
    assert.equal(stopEpoch(acc, [0.5, 0.6, 0.55]), 2);
    assert.equal(new EarlyStopping({ monitor: 'val_mae' }, withVal).mode, 'min');
    assert.equal(new EarlyStopping({ monitor: 'mse' }, withVal).mode, 'min');
    assert.equal(new EarlyStopping(true, withVal).mode, 'min');
  });

  test('without a validation set, val_* falls back to the training metric', () => {
    assert.equal(new EarlyStopping(true, noVal).monitor, 'loss');
    assert.equal(new EarlyStopping({ monitor: 'val_accuracy' }, noVal).monitor, 'accuracy');
    assert.equal(new EarlyStopping({ monitor: 'loss' }, withVal).monitor, 'loss');
    assert.equal(stopEpoch(new EarlyStopping({ patience: 1 }, noVal), [1, 2]), 1);
  });

  test('true means all defaults: patience 10, minDelta 0, no restore', () => {
    const es = new EarlyStopping(true, withVal);
    assert.equal(es.patience, 10);
    assert.equal(es.minDelta, 0);
    assert.equal(es.restoreBest, false);
    assert.equal(stopEpoch(es, [1, ...Array(9).fill(1)]), undefined);
    assert.equal(es.update(10, { val_loss: 1 }).stop, true);
    assert.equal(new EarlyStopping({ restoreBest: true }, withVal).restoreBest, true);
  });

  test('patience 0 stops at the first epoch without improvement; NaN never improves', () => {
    assert.equal(stopEpoch(new EarlyStopping({ patience: 0 }, withVal), [1, 0.5, 0.5]), 2);
    assert.equal(stopEpoch(new EarlyStopping({ patience: 1 }, withVal), [1, NaN]), 1);
  });

  test('a monitor that is not computed fails clearly', () => {
    const es = new EarlyStopping({ monitor: 'val_acc' }, withVal);
    assert.throws(() => es.update(0, { loss: 1, val_loss: 1 }), /'val_acc', which is not among the metrics: loss, val_loss/);
    assert.throws(() => new EarlyStopping({ monitor: 'val_acc' }, { hasValidation: true, metricNames: ['loss', 'val_loss'] }), /does not compute/);
  });

  test('bad options fail with the field', () => {
    assert.throws(() => new EarlyStopping({ patience: -1 }, withVal), /earlyStopping.patience must be a whole number/);
    assert.throws(() => new EarlyStopping({ patience: 1.5 }, withVal), /patience/);
    assert.throws(() => new EarlyStopping({ minDelta: NaN }, withVal), /minDelta/);
    assert.throws(() => new EarlyStopping({ monitor: 3 as unknown as string }, withVal), /monitor/);
  });
});

/** Feeds one value per epoch at a learning rate that follows the returned newLr; returns the rate after each epoch. */
function rates(plateau: ReduceLROnPlateau, values: number[], lr = 0.1): number[] {
  return values.map((v, epoch) => {
    const { newLr } = plateau.update(epoch, { [plateau.monitor]: v }, lr);
    if (newLr !== undefined) lr = newLr;
    return lr;
  });
}

const closeAll = (actual: number[], expected: number[]) =>
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) < 1e-12, `epoch ${i}: expected ${expected[i]}, got ${a}`));

describe('ReduceLROnPlateau', () => {
  test('multiplies by factor after `patience` epochs without improvement', () => {
    const plateau = new ReduceLROnPlateau({ patience: 2, factor: 0.5 }, withVal);
    closeAll(rates(plateau, [1, 1, 1, 1, 1, 1]), [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);
  });

  test('an improvement resets the count', () => {
    const plateau = new ReduceLROnPlateau({ patience: 2, factor: 0.5 }, withVal);
    closeAll(rates(plateau, [1, 1, 0.5, 0.6, 0.6]), [0.1, 0.1, 0.1, 0.1, 0.05]);
  });

  test('cooldown: epochs after a reduction that do not count', () => {
    const withCooldown = new ReduceLROnPlateau({ patience: 1, factor: 0.5, cooldown: 2 }, withVal);
    closeAll(rates(withCooldown, [1, 1, 1, 1, 1]), [0.1, 0.05, 0.05, 0.025, 0.025]);
    const without = new ReduceLROnPlateau({ patience: 1, factor: 0.5 }, withVal);
    closeAll(rates(without, [1, 1, 1, 1]), [0.1, 0.05, 0.025, 0.0125]);
  });

  test('never below minLearningRate', () => {
    const plateau = new ReduceLROnPlateau({ patience: 1, minLearningRate: 0.03 }, withVal);
    closeAll(rates(plateau, [1, 1, 1, 1]), [0.1, 0.03, 0.03, 0.03]);
    assert.deepEqual(plateau.update(4, { val_loss: 1 }, 0.03), {});
  });

  test('minDelta defaults to 1e-4', () => {
    const plateau = new ReduceLROnPlateau({ patience: 1 }, withVal);
    closeAll(rates(plateau, [1, 0.99995]), [0.1, 0.01]);
    closeAll(rates(new ReduceLROnPlateau({ patience: 1 }, withVal), [1, 0.999]), [0.1, 0.1]);
  });

  test('true means all defaults: factor 0.1, patience 10, cooldown 0, min 0; monitors loss without validation', () => {
    const plateau = new ReduceLROnPlateau(true, noVal);
    assert.equal(plateau.monitor, 'loss');
    assert.equal(plateau.factor, 0.1);
    assert.equal(plateau.patience, 10);
    assert.equal(plateau.cooldown, 0);
    assert.equal(plateau.minLearningRate, 0);
    const r = rates(plateau, Array(12).fill(1), 1);
    closeAll(r, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.1, 0.1]);
  });

  test('accuracy is maximized', () => {
    const plateau = new ReduceLROnPlateau({ monitor: 'val_accuracy', patience: 1, factor: 0.5 }, withVal);
    assert.equal(plateau.mode, 'max');
    closeAll(rates(plateau, [0.5, 0.6, 0.55]), [0.1, 0.1, 0.05]);
  });

  test('an unknown current rate is left alone', () => {
    const plateau = new ReduceLROnPlateau({ patience: 0 }, withVal);
    assert.deepEqual(plateau.update(0, { val_loss: 1 }, NaN), {});
    assert.deepEqual(plateau.update(1, { val_loss: 2 }, NaN), {});
  });

  test('bad options fail with the field', () => {
    assert.throws(() => new ReduceLROnPlateau({ factor: 1 }, withVal), /factor must be between 0 and 1/);
    assert.throws(() => new ReduceLROnPlateau({ factor: 0 }, withVal), /factor/);
    assert.throws(() => new ReduceLROnPlateau({ cooldown: -1 }, withVal), /cooldown/);
    assert.throws(() => new ReduceLROnPlateau({ minLearningRate: -1 }, withVal), /minLearningRate/);
    assert.throws(() => new ReduceLROnPlateau({ patience: 'x' as unknown as number }, withVal), /patience/);
    assert.throws(() => new ReduceLROnPlateau({}, withVal).update(0, { loss: 1 }, 0.1), /'val_loss', which is not among/);
  });
});
