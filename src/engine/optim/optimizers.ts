// Builds the experiment's optimizer and gives the loop one way to read and set its learning rate.
import * as tf from '@tensorflow/tfjs';
import type { LearningRateSchedule, OptimizerName, OptimizerOptions, OptimizerSpec } from '../../sdk/types';
import { AdamWOptimizer } from './adamw';
import type { ClipOptions } from './clipping';
import { learningRateAt, validateSchedule } from './schedules';

export const OPTIMIZER_NAMES: OptimizerName[] = ['sgd', 'momentum', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamax', 'adamw'];

/** Keras' defaults, except adadelta: 1.0 as in the paper (tfjs' update has no other scale, and 0.001 barely moves). */
const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = {
  sgd: 0.01, momentum: 0.01, adagrad: 0.001, adadelta: 1.0, rmsprop: 0.001, adam: 0.001, adamax: 0.001, adamw: 0.001,
};

/** Keras' backend epsilon. */
const EPSILON = 1e-7;

export interface ManagedOptimizer {
  optimizer: tf.Optimizer;
  name: string;
  initialLearningRate: number;
  schedule?: LearningRateSchedule;
  clip?: ClipOptions;
  setLearningRate(lr: number): void;
  getLearningRate(): number;
  /** The resolved configuration, JSON-safe, for run.json. */
  describe(): Record<string, unknown>;
}

type LearningRateHolder = { learningRate?: number; setLearningRate?: (lr: number) => void };

function checkNumber(value: unknown, what: string, test: (v: number) => boolean, rule: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) throw new Error(`optimizer.${what} must be ${rule}, got ${JSON.stringify(value)}`);
}

function build(name: OptimizerName, lr: number, o: OptimizerOptions): tf.Optimizer {
  switch (name) {
    case 'sgd': return tf.train.sgd(lr);
    case 'momentum': return tf.train.momentum(lr, o.momentum ?? 0.9, o.nesterov ?? false);
    case 'adagrad': return tf.train.adagrad(lr, o.initialAccumulatorValue ?? 0.1);
    case 'adadelta': return tf.train.adadelta(lr, o.rho ?? 0.95, o.epsilon ?? EPSILON);
    case 'rmsprop': return tf.train.rmsprop(lr, o.rho ?? 0.9, o.momentum ?? 0, o.epsilon ?? EPSILON, o.centered ?? false);
    case 'adam': return tf.train.adam(lr, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? EPSILON);
    case 'adamax': return tf.train.adamax(lr, o.beta1 ?? 0.9, o.beta2 ?? 0.999, o.epsilon ?? EPSILON);
    case 'adamw': return new AdamWOptimizer({ learningRate: lr, beta1: o.beta1, beta2: o.beta2, epsilon: o.epsilon, weightDecay: o.weightDecay });
  }
}

function manage(optimizer: tf.Optimizer, name: string, initial: number, describe: () => Record<string, unknown>, schedule?: LearningRateSchedule, clip?: ClipOptions): ManagedOptimizer {
  const holder = optimizer as unknown as LearningRateHolder;
  let current = initial;
  const managed: ManagedOptimizer = {
    optimizer, name, initialLearningRate: initial, schedule, clip, describe,
    getLearningRate: () => current,
    setLearningRate(lr: number) {
      current = lr;
      // SGD and momentum cache −lr in a tensor and need their setter; the others read the field each step.
      if (typeof holder.setLearningRate === 'function') holder.setLearningRate(lr);
      else holder.learningRate = lr;
    },
  };
  if (schedule) managed.setLearningRate(initial);
  return managed;
}

export function createOptimizer(spec: OptimizerSpec | undefined, totalEpochs: number): ManagedOptimizer {
  if (spec instanceof tf.Optimizer) {
    const lr = (spec as unknown as LearningRateHolder).learningRate ?? NaN;
    return manage(spec, spec.getClassName(), lr, () => ({ name: spec.getClassName(), custom: true, ...spec.getConfig() }));
  }
  const options: OptimizerOptions = typeof spec === 'string' ? { name: spec } : spec ?? { name: 'adam' };
  if (typeof options !== 'object' || !OPTIMIZER_NAMES.includes(options.name)) {
    const given = typeof options === 'object' ? options.name : options;
    throw new Error(`Unknown optimizer '${String(given)}'. Use one of: ${OPTIMIZER_NAMES.join(', ')}, or pass a tf.Optimizer`);
  }
  const positive = (v: number) => v > 0;
  checkNumber(options.clipNorm, 'clipNorm', positive, 'a positive number');
  checkNumber(options.globalClipNorm, 'globalClipNorm', positive, 'a positive number');
  checkNumber(options.clipValue, 'clipValue', positive, 'a positive number');
  checkNumber(options.momentum, 'momentum', (v) => v >= 0 && v < 1, 'in [0, 1)');
  checkNumber(options.beta1, 'beta1', (v) => v >= 0 && v < 1, 'in [0, 1)');
  checkNumber(options.beta2, 'beta2', (v) => v >= 0 && v < 1, 'in [0, 1)');
  checkNumber(options.epsilon, 'epsilon', positive, 'a positive number');
  checkNumber(options.weightDecay, 'weightDecay', (v) => v >= 0, 'a number ≥ 0');
  const lrSpec = options.learningRate ?? DEFAULT_LEARNING_RATE[options.name];
  let schedule: LearningRateSchedule | undefined;
  let initial: number;
  if (typeof lrSpec === 'object') {
    validateSchedule(lrSpec);
    schedule = lrSpec;
    initial = learningRateAt(lrSpec, 0, totalEpochs);
  } else {
    checkNumber(lrSpec, 'learningRate', positive, 'a positive number');
    if (typeof lrSpec !== 'number') throw new Error(`optimizer.learningRate must be a number or a schedule, got ${JSON.stringify(lrSpec)}`);
    initial = lrSpec;
  }
  const clip: ClipOptions | undefined =
    options.clipNorm !== undefined || options.globalClipNorm !== undefined || options.clipValue !== undefined
      ? { clipNorm: options.clipNorm, globalClipNorm: options.globalClipNorm, clipValue: options.clipValue }
      : undefined;
  const optimizer = build(options.name, initial, options);
  const describe = () => ({ ...options, learningRate: lrSpec, tfjs: optimizer.getConfig() });
  return manage(optimizer, options.name, initial, describe, schedule, clip);
}
