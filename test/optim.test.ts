// Optimizers, AdamW, gradient clipping and learning-rate schedules against answers worked out by hand.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { LearningRateSchedule, OptimizerName, OptimizerSpec } from '../src/sdk/types';
import { createOptimizer, DEFAULT_LEARNING_RATE, OPTIMIZER_NAMES, type ManagedOptimizer } from '../src/engine/optim/optimizers';
import { AdamWOptimizer } from '../src/engine/optim/adamw';
import { clipGradients, globalNorm } from '../src/engine/optim/clipping';
import { learningRateAt, validateSchedule } from '../src/engine/optim/schedules';

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);

const closeAll = (actual: ArrayLike<number>, expected: number[], tolerance = 1e-6) => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], tolerance);
};

/** Σ (v − 1)² over the given variables: minimum at 1, gradient 2(v − 1). */
const quadratic = (vars: tf.Variable[]) => () => tf.addN(vars.map((v) => tf.sum(tf.square(tf.sub(v, 1))))) as tf.Scalar;

function step(managed: ManagedOptimizer, vars: tf.Variable[]): void {
  const cost = managed.optimizer.minimize(quadratic(vars), true, vars);
  cost?.dispose();
}

const lossOf = (vars: tf.Variable[]) => tf.tidy(() => quadratic(vars)().dataSync()[0]);
const valueOf = (v: tf.Variable) => Array.from(v.dataSync());

describe('createOptimizer', () => {
  for (const name of OPTIMIZER_NAMES) {
    test(`${name}: steps lower a quadratic loss`, () => {
      const managed = createOptimizer(name, 10);
      assert.equal(managed.name, name);
      assert.equal(managed.initialLearningRate, DEFAULT_LEARNING_RATE[name]);
      const vars = [tf.variable(tf.tensor2d([[2, -1]])), tf.variable(tf.tensor1d([3]))];
      const before = lossOf(vars);
      for (let i = 0; i < 5; i++) step(managed, vars);
      assert.ok(lossOf(vars) < before, `${name} did not lower the loss`);
      managed.optimizer.dispose();
      tf.dispose(vars);
    });

    test(`${name}: setLearningRate(0) stops the updates (the optimizer reads the new rate)`, () => {
      const managed = createOptimizer({ name, learningRate: 0.1 }, 10);
      const w = tf.variable(tf.tensor2d([[2, -1]]));
      step(managed, [w]);
      managed.setLearningRate(0);
      assert.equal(managed.getLearningRate(), 0);
      const after = valueOf(w);
      step(managed, [w]);
      assert.deepEqual(valueOf(w), after);
      managed.optimizer.dispose();
      w.dispose();
    });
  }

  test('sgd known answer: w = 2, loss (w − 1)², lr 0.1 → w = 2 − 0.1·2·(2 − 1) = 1.8', () => {
    const managed = createOptimizer({ name: 'sgd', learningRate: 0.1 }, 10);
    const w = tf.variable(tf.scalar(2));
    step(managed, [w]);
    close(w.dataSync()[0], 1.8);
    // Then lr 0.01: 1.8 − 0.01·2·0.8 = 1.784.
    managed.setLearningRate(0.01);
    step(managed, [w]);
    close(w.dataSync()[0], 1.784);
    w.dispose();
  });

  test('momentum: setLearningRate changes the step (accumulation a = 0.9·a + g)', () => {
    const managed = createOptimizer({ name: 'momentum', learningRate: 0.1 }, 10);
    const w = tf.variable(tf.scalar(2));
    step(managed, [w]); // a = 2, w = 2 − 0.1·2 = 1.8
    close(w.dataSync()[0], 1.8);
    managed.setLearningRate(0.01);
    step(managed, [w]); // g = 1.6, a = 0.9·2 + 1.6 = 3.4, w = 1.8 − 0.01·3.4
    close(w.dataSync()[0], 1.766);
    w.dispose();
  });

  test('sgd with momentum is the momentum optimizer, as in Keras', () => {
    const managed = createOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.5, nesterov: true }, 10);
    assert.ok(managed.optimizer instanceof tf.MomentumOptimizer);
    assert.deepEqual(managed.describe(), { name: 'sgd', learningRate: 0.1, momentum: 0.5, nesterov: true });
    assert.ok(createOptimizer('sgd', 10).optimizer instanceof tf.SGDOptimizer);
  });

  test('adam: setLearningRate changes the step (reference computation)', () => {
    const managed = createOptimizer({ name: 'adam', learningRate: 0.1 }, 10);
    const w = tf.variable(tf.scalar(2));
    const reference = adamReference(2, [0.1, 0.01]);
    step(managed, [w]);
    close(w.dataSync()[0], reference[0], 1e-5);
    close(reference[0], 1.9, 1e-6); // the first Adam step moves by ≈ lr·sign(g)
    managed.setLearningRate(0.01);
    step(managed, [w]);
    close(w.dataSync()[0], reference[1], 1e-5);
    w.dispose();
  });

  test('defaults: adam when no optimizer is given; Keras epsilon; JSON-safe description', () => {
    const managed = createOptimizer(undefined, 10);
    assert.equal(managed.name, 'adam');
    assert.equal(managed.getLearningRate(), 0.001);
    assert.equal(managed.clip, undefined);
    assert.equal(managed.schedule, undefined);
    const description = managed.describe();
    assert.deepEqual(description, { name: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    assert.equal(createOptimizer('adadelta', 10).initialLearningRate, 0.001);
    assert.deepEqual(createOptimizer({ name: 'rmsprop', clipNorm: 1 }, 10).describe(), {
      name: 'rmsprop', learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, clipNorm: 1,
    });
  });

  test('clip options are passed on', () => {
    const managed = createOptimizer({ name: 'sgd', globalClipNorm: 5, clipValue: 1 }, 10);
    assert.deepEqual(managed.clip, { globalClipNorm: 5, clipValue: 1 });
  });

  test('a schedule sets the first rate and is kept for the loop', () => {
    const schedule: LearningRateSchedule = { schedule: 'cosine', initial: 0.1, warmupEpochs: 2 };
    const managed = createOptimizer({ name: 'adam', learningRate: schedule }, 10);
    assert.deepEqual(managed.schedule, schedule);
    close(managed.initialLearningRate, learningRateAt(schedule, 0, 10), 0);
    assert.equal((managed.optimizer as tf.AdamOptimizer).getConfig().learningRate, managed.initialLearningRate);
    assert.deepEqual(managed.describe().learningRate, schedule);
  });

  test('a tf.Optimizer instance is used as is', () => {
    const sgd = tf.train.sgd(0.05);
    const managed = createOptimizer(sgd, 10);
    assert.equal(managed.optimizer, sgd);
    assert.equal(managed.initialLearningRate, 0.05);
    assert.equal(managed.name, 'SGD');
    managed.setLearningRate(0.1);
    const w = tf.variable(tf.scalar(2));
    step(managed, [w]);
    close(w.dataSync()[0], 1.8);
    assert.equal(JSON.parse(JSON.stringify(managed.describe())).custom, true);
    w.dispose();
  });

  test('unknown names list the valid ones', () => {
    for (const spec of ['adamm', { name: 'nadam' }, { learningRate: 0.1 }] as unknown as OptimizerSpec[]) {
      assert.throws(() => createOptimizer(spec, 10), (err: Error) => {
        for (const name of OPTIMIZER_NAMES) assert.match(err.message, new RegExp(`\\b${name}\\b`));
        return /Unknown optimizer/.test(err.message);
      });
    }
  });

  test('bad values fail with the field and the rule', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ name: 'adam', learningRate: -0.1 }, /learningRate must be a positive number/],
      [{ name: 'adam', learningRate: 0 }, /learningRate/],
      [{ name: 'adam', learningRate: NaN }, /learningRate/],
      [{ name: 'adam', learningRate: Infinity }, /learningRate/],
      [{ name: 'adam', learningRate: '0.1' }, /learningRate/],
      [{ name: 'momentum', momentum: 1.5 }, /momentum must be in \[0, 1\)/],
      [{ name: 'adam', beta2: 1 }, /beta2/],
      [{ name: 'adam', epsilon: 0 }, /epsilon/],
      [{ name: 'adamw', weightDecay: -1 }, /weightDecay/],
      [{ name: 'sgd', clipNorm: 0 }, /clipNorm/],
      [{ name: 'sgd', clipValue: -1 }, /clipValue/],
      [{ name: 'sgd', clipNorm: 1, globalClipNorm: 1 }, /only one of clipNorm/],
      [{ name: 'momentum', nesterov: 'yes' }, /nesterov must be true or false/],
      [{ name: 'adam', momentum: 0.9 }, /'adam' has no option 'momentum'/],
      [{ name: 'adam', learningRate: { schedule: 'step', initial: 0.1 } }, /stepEpochs/],
    ];
    for (const [spec, message] of bad) assert.throws(() => createOptimizer(spec as unknown as OptimizerSpec, 10), message, JSON.stringify(spec));
  });

  test('setLearningRate rejects negative and non-finite rates', () => {
    const managed = createOptimizer('sgd', 10);
    assert.throws(() => managed.setLearningRate(-1), /learning rate/);
    assert.throws(() => managed.setLearningRate(NaN), /learning rate/);
  });
});

/** Adam on (w − 1)² by hand, one learning rate per step; returns w after each step. */
function adamReference(w: number, rates: number[], beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): number[] {
  let m = 0;
  let v = 0;
  return rates.map((lr, i) => {
    const g = 2 * (w - 1);
    m = beta1 * m + (1 - beta1) * g;
    v = beta2 * v + (1 - beta2) * g * g;
    const mHat = m / (1 - beta1 ** (i + 1));
    const vHat = v / (1 - beta2 ** (i + 1));
    w -= (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    return w;
  });
}

/** Manages an existing optimizer, as createOptimizer does for a user's tf.Optimizer. */
const createOptimizerFor = (optimizer: tf.Optimizer) => createOptimizer(optimizer, 10);

describe('AdamW', () => {
  // lr 0.1, λ 0.1, w = 2, g = 2(w − 1) = 2: decay w·(1 − 0.01) = 1.98, then Adam's first step ≈ lr·sign(g) = 0.1.
  const oneStep = (options: { decayBiases?: boolean }) => {
    const optimizer = new AdamWOptimizer({ learningRate: 0.1, weightDecay: 0.1, ...options });
    const kernel = tf.variable(tf.tensor2d([[2]]));
    const bias = tf.variable(tf.tensor1d([2]));
    optimizer.minimize(quadratic([kernel, bias]), false, [kernel, bias]);
    const result = { kernel: kernel.dataSync()[0], bias: bias.dataSync()[0] };
    optimizer.dispose();
    tf.dispose([kernel, bias]);
    return result;
  };

  test('one step: decoupled decay lr·λ·w plus the Adam step; 1-D variables not decayed by default', () => {
    const { kernel, bias } = oneStep({});
    close(kernel, 2 * (1 - 0.1 * 0.1) - 0.1 * (2 / (2 + 1e-7)), 1e-6); // 1.88
    close(bias, 2 - 0.1, 1e-6); // 1.9: no decay
  });

  test('decayBiases also decays 1-D variables', () => {
    const { kernel, bias } = oneStep({ decayBiases: true });
    close(kernel, 1.88, 1e-6);
    close(bias, 1.88, 1e-6);
  });

  test('the decay follows the current learning rate', () => {
    const optimizer = new AdamWOptimizer({ learningRate: 0.1, weightDecay: 0.5 });
    createOptimizerFor(optimizer).setLearningRate(0);
    const w = tf.variable(tf.tensor2d([[2]]));
    optimizer.minimize(quadratic([w]), false, [w]);
    assert.equal(w.dataSync()[0], 2);
    w.dispose();
  });

  test('createOptimizer passes weightDecay and decayBiases', () => {
    const managed = createOptimizer({ name: 'adamw', learningRate: 0.1, weightDecay: 0.2, decayBiases: true } as OptimizerSpec, 10);
    assert.ok(managed.optimizer instanceof AdamWOptimizer);
    assert.equal((managed.optimizer as AdamWOptimizer).weightDecay, 0.2);
    assert.equal((managed.optimizer as AdamWOptimizer).decayBiases, true);
    assert.equal(createOptimizer('adamw', 10).describe().weightDecay, 0.01);
  });

  test('is registered for serialization as AdamW', () => {
    const optimizer = new AdamWOptimizer({ learningRate: 0.01, weightDecay: 0.3 });
    assert.equal(optimizer.getClassName(), 'AdamW');
    const registered = tf.serialization.SerializationMap.getMap().classNameMap.AdamW;
    assert.ok(registered, 'AdamW is not registered');
    const [cls, fromConfig] = registered;
    const copy = fromConfig(cls, optimizer.getConfig()) as AdamWOptimizer;
    assert.ok(copy instanceof AdamWOptimizer);
    assert.deepEqual(copy.getConfig(), optimizer.getConfig());
    assert.equal(copy.weightDecay, 0.3);
  });
});

describe('clipGradients', () => {
  const grads = () => ({ a: tf.tensor1d([3, 4]), b: tf.tensor1d([0.3, 0.4]) });
  const values = (map: tf.NamedTensorMap) => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, Array.from(v.dataSync())]));

  test('clipNorm scales each tensor above the norm to it (Keras clipnorm)', () => {
    const input = grads();
    const out = values(clipGradients(input, { clipNorm: 1 }));
    closeAll(out.a, [0.6, 0.8]); // ‖a‖ = 5 → a·1/5
    closeAll(out.b, [0.3, 0.4]); // ‖b‖ = 0.5 ≤ 1: unchanged
  });

  test('globalClipNorm scales all tensors together', () => {
    const input = { a: tf.tensor1d([3, 4]), b: tf.tensor2d([[0, 12]]) }; // global norm √(25 + 144) = 13
    close(globalNorm(input).dataSync()[0], 13, 1e-5);
    const out = values(clipGradients(input, { globalClipNorm: 6.5 }));
    closeAll(out.a, [1.5, 2], 1e-6);
    closeAll(out.b, [0, 6], 1e-6);
    const untouched = values(clipGradients(input, { globalClipNorm: 20 }));
    closeAll(untouched.b, [0, 12]);
  });

  test('clipValue clips every element', () => {
    const out = values(clipGradients({ g: tf.tensor1d([-3, 0.5, 2]) }, { clipValue: 1 }));
    closeAll(out.g, [-1, 0.5, 1]);
  });

  test('clipValue then clipNorm: both bounds hold', () => {
    const out = values(clipGradients({ g: tf.tensor1d([6, 8, 0.1]) }, { clipValue: 3, clipNorm: 1 }));
    const norm = Math.hypot(3, 3, 0.1);
    closeAll(out.g, [3 / norm, 3 / norm, 0.1 / norm], 1e-6);
  });

  test('returns new tensors only and leaks none', () => {
    const input: tf.NamedTensorMap = grads();
    const before = tf.memory().numTensors;
    for (const clip of [{ clipNorm: 1 }, { globalClipNorm: 1 }, { clipValue: 0.35 }, {}, { clipValue: 10, globalClipNorm: 100 }]) {
      const out = clipGradients(input, clip);
      for (const key of Object.keys(input)) assert.notEqual(out[key], input[key]);
      tf.dispose(out);
      assert.equal(tf.memory().numTensors, before, `leak with ${JSON.stringify(clip)}`);
    }
    assert.ok(!input.a.isDisposed, 'the input was disposed');
    tf.dispose(input);
  });
});

describe('learningRateAt', () => {
  test('step: multiply by gamma every stepEpochs whole epochs', () => {
    const s: LearningRateSchedule = { schedule: 'step', initial: 0.1, stepEpochs: 2, gamma: 0.5 };
    close(learningRateAt(s, 0, 10), 0.1, 1e-12);
    close(learningRateAt(s, 1.99, 10), 0.1, 1e-12);
    close(learningRateAt(s, 2, 10), 0.05, 1e-12);
    close(learningRateAt(s, 4.5, 10), 0.025, 1e-12);
    close(learningRateAt({ schedule: 'step', initial: 1, stepEpochs: 1 }, 1, 10), 0.1, 1e-12); // gamma default 0.1
  });

  test('exponential: continuous, initial·rate^(epoch / decayEpochs)', () => {
    const s: LearningRateSchedule = { schedule: 'exponential', initial: 0.1, decayRate: 0.5, decayEpochs: 2 };
    close(learningRateAt(s, 0, 10), 0.1, 1e-12);
    close(learningRateAt(s, 1, 10), 0.1 * Math.SQRT1_2, 1e-12);
    close(learningRateAt(s, 4, 10), 0.025, 1e-12);
    close(learningRateAt({ schedule: 'exponential', initial: 1, decayRate: 0.9 }, 2, 10), 0.81, 1e-12);
  });

  test('cosine: from initial to minLearningRate over the epochs, then flat', () => {
    const s: LearningRateSchedule = { schedule: 'cosine', initial: 0.1, minLearningRate: 0.01 };
    close(learningRateAt(s, 0, 10), 0.1, 1e-12);
    close(learningRateAt(s, 5, 10), 0.055, 1e-12);
    close(learningRateAt(s, 10, 10), 0.01, 1e-12);
    close(learningRateAt(s, 12, 10), 0.01, 1e-12);
    close(learningRateAt({ ...s, periodEpochs: 4 }, 2, 10), 0.055, 1e-12);
    close(learningRateAt({ schedule: 'cosine', initial: 0.1 }, 10 / 3, 10), 0.075, 1e-12); // ½(1 + cos 60°) = 0.75
  });

  test('warm-up: linear to initial, then the schedule counts from its end', () => {
    const cosine: LearningRateSchedule = { schedule: 'cosine', initial: 0.1, warmupEpochs: 2 };
    close(learningRateAt(cosine, 0, 10), 1e-4, 1e-12); // never exactly 0
    close(learningRateAt(cosine, 0.5, 10), 0.025, 1e-12);
    close(learningRateAt(cosine, 1, 10), 0.05, 1e-12);
    close(learningRateAt(cosine, 2, 10), 0.1, 1e-12);
    close(learningRateAt(cosine, 6, 10), 0.05, 1e-12); // half of the 8 epochs after warm-up
    close(learningRateAt(cosine, 10, 10), 0, 1e-12);
    const step: LearningRateSchedule = { schedule: 'step', initial: 0.1, stepEpochs: 1, warmupEpochs: 1 };
    close(learningRateAt(step, 1.5, 10), 0.1, 1e-12);
    close(learningRateAt(step, 2, 10), 0.01, 1e-12);
  });

  test('bad schedules fail with the field', () => {
    const bad: [unknown, RegExp][] = [
      [{ schedule: 'linear', initial: 0.1 }, /Unknown learning-rate schedule 'linear'. Use one of: step, exponential, cosine/],
      [{ schedule: 'step', initial: 0.1 }, /stepEpochs must be a positive number/],
      [{ schedule: 'step', initial: -1, stepEpochs: 1 }, /initial must be a positive number/],
      [{ schedule: 'step', initial: 0.1, stepEpochs: 1, gamma: 0 }, /gamma/],
      [{ schedule: 'exponential', initial: 0.1 }, /decayRate/],
      [{ schedule: 'exponential', initial: 0.1, decayRate: 0.5, decayEpochs: 0 }, /decayEpochs/],
      [{ schedule: 'cosine', initial: 0.1, minLearningRate: 0.2 }, /minLearningRate/],
      [{ schedule: 'cosine', initial: 0.1, periodEpochs: -1 }, /periodEpochs/],
      [{ schedule: 'cosine', initial: 0.1, warmupEpochs: -1 }, /warmupEpochs/],
    ];
    for (const [s, message] of bad) assert.throws(() => validateSchedule(s as LearningRateSchedule), message, JSON.stringify(s));
  });
});

// Keep the OptimizerName list and the defaults in step.
test('every optimizer name has a default learning rate', () => {
  assert.deepEqual(Object.keys(DEFAULT_LEARNING_RATE).sort(), [...OPTIMIZER_NAMES].sort() as OptimizerName[]);
});
