// Builds the experiment's optimizer from its spec and gives the loop one way to read and set its learning rate.
import * as tf from '@tensorflow/tfjs';
import type { LearningRateSchedule, OptimizerName, OptimizerOptions, OptimizerSpec } from '../../sdk/types';
import { AdamWOptimizer } from './adamw';
import type { ClipOptions } from './clipping';
import { learningRateAt, validateSchedule } from './schedules';
import { learningRateField } from '../backend/tfjsInternals';
import { OPTIMIZER_OPTIONS } from '../config/experimentSchema';
import { validate } from '../config/schema';

export { OPTIMIZER_NAMES, DEFAULT_LEARNING_RATE } from './defaults';
import { DEFAULT_LEARNING_RATE, OPTIMIZER_NAMES } from './defaults';

/** Keras' epsilon (tfjs would otherwise take the backend's, which differs between backends). */
const EPSILON = 1e-7;

export interface ManagedOptimizer {
  optimizer: tf.Optimizer;
  /** The spec's name ('adam', ...), or the class name of a user-supplied optimizer. */
  name: string;
  /** The learning rate of the first step (a warm-up schedule's first value); NaN for a user optimizer without one. */
  initialLearningRate: number;
  /** Present when the learning rate follows a schedule; the loop evaluates it with learningRateAt. */
  schedule?: LearningRateSchedule;
  /** Present when any clipping was asked for; the loop passes it to clipGradients. */
  clip?: ClipOptions;
  setLearningRate(lr: number): void;
  getLearningRate(): number;
  /** The resolved configuration (defaults filled in), JSON-safe, for run records. */
  describe(): Record<string, unknown>;
}

type Options = OptimizerOptions & { decayBiases?: boolean };
type Resolved = Record<string, number | boolean>;

/**
 * One managed optimizer per experiment. `totalEpochs` is only used as the default period of a cosine schedule.
 * Throws an Error with a message fit for the user on an unknown name or a bad value.
 */
export function createOptimizer(spec: OptimizerSpec | undefined, totalEpochs: number): ManagedOptimizer {
  if (isOptimizerInstance(spec)) return manageUserOptimizer(spec);
  const options = resolveOptions(spec);
  validateOptions(options);
  const lrSpec = options.learningRate ?? DEFAULT_LEARNING_RATE[options.name];
  let schedule: LearningRateSchedule | undefined;
  let initial: number;
  if (typeof lrSpec === 'object' && lrSpec !== null) {
    validateSchedule(lrSpec);
    schedule = { ...lrSpec };
    initial = learningRateAt(schedule, 0, totalEpochs);
  } else {
    checkNumber(lrSpec, 'learningRate', (v) => v > 0, 'a positive number or a schedule object');
    initial = lrSpec as number;
  }
  const clip = resolveClip(options);
  const { optimizer, resolved } = build(options, initial);
  const describe = () =>
    JSON.parse(JSON.stringify({ name: options.name, learningRate: schedule ?? initial, ...resolved, ...clip })) as Record<string, unknown>;
  return manage(optimizer, options.name, initial, describe, schedule, clip);
}

function resolveOptions(spec: OptimizerSpec | undefined): Options {
  const options = (typeof spec === 'string' ? { name: spec } : spec ?? { name: 'adam' }) as Options;
  if (typeof options !== 'object' || !OPTIMIZER_NAMES.includes(options.name)) {
    const given = typeof options === 'object' && options !== null ? options.name : options;
    throw new Error(`Unknown optimizer '${String(given)}'. Use one of: ${OPTIMIZER_NAMES.join(', ')}, or pass a tf.Optimizer`);
  }
  // Its keys by the schema the model file is checked with (an optimizer function's result is only known here);
  // the values below, with the rule for each.
  const unknown = validate(options, OPTIMIZER_OPTIONS[options.name], ['optimizer']).find((i) => i.message.startsWith('unknown key'));
  if (unknown) throw new Error(unknown.message);
  return options;
}

function validateOptions(o: Options): void {
  const positive = (v: number) => v > 0;
  const fraction = (v: number) => v >= 0 && v < 1;
  checkNumber(o.clipNorm, 'clipNorm', positive, 'a positive number');
  checkNumber(o.globalClipNorm, 'globalClipNorm', positive, 'a positive number');
  checkNumber(o.clipValue, 'clipValue', positive, 'a positive number');
  if (o.clipNorm !== undefined && o.globalClipNorm !== undefined) {
    throw new Error('optimizer: set only one of clipNorm (per tensor) and globalClipNorm (all gradients together), as in Keras');
  }
  checkNumber(o.momentum, 'momentum', fraction, 'in [0, 1)');
  checkNumber(o.beta1, 'beta1', fraction, 'in [0, 1)');
  checkNumber(o.beta2, 'beta2', fraction, 'in [0, 1)');
  checkNumber(o.rho, 'rho', fraction, 'in [0, 1)');
  checkNumber(o.epsilon, 'epsilon', positive, 'a positive number');
  checkNumber(o.weightDecay, 'weightDecay', (v) => v >= 0, 'a number ≥ 0');
  checkNumber(o.initialAccumulatorValue, 'initialAccumulatorValue', (v) => v >= 0, 'a number ≥ 0');
  for (const flag of ['nesterov', 'centered', 'decayBiases'] as const) {
    const v = o[flag];
    if (v !== undefined && typeof v !== 'boolean') throw new Error(`optimizer.${flag} must be true or false, got ${show(v)}`);
  }
}

function checkNumber(value: unknown, what: string, test: (v: number) => boolean, rule: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || !test(value)) {
    throw new Error(`optimizer.${what} must be ${rule}, got ${show(value)}`);
  }
}

/** A value as the user wrote it (JSON.stringify would print NaN as null). */
function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}

function resolveClip(o: Options): ClipOptions | undefined {
  if (o.clipNorm === undefined && o.globalClipNorm === undefined && o.clipValue === undefined) return undefined;
  const clip: ClipOptions = {};
  if (o.clipNorm !== undefined) clip.clipNorm = o.clipNorm;
  if (o.globalClipNorm !== undefined) clip.globalClipNorm = o.globalClipNorm;
  if (o.clipValue !== undefined) clip.clipValue = o.clipValue;
  return clip;
}

/** The tfjs optimizer, and every hyperparameter it was given (defaults filled in), for describe(). */
function build(o: Options, lr: number): { optimizer: tf.Optimizer; resolved: Resolved } {
  const epsilon = o.epsilon ?? EPSILON;
  switch (o.name) {
    case 'sgd': {
      // Keras' SGD takes momentum (default 0); with some, it is the momentum optimizer.
      const r = { momentum: o.momentum ?? 0, nesterov: o.nesterov ?? false };
      if (r.momentum === 0 && !r.nesterov) return { optimizer: tf.train.sgd(lr), resolved: r };
      return { optimizer: tf.train.momentum(lr, r.momentum, r.nesterov), resolved: r };
    }
    case 'momentum': {
      const r = { momentum: o.momentum ?? 0.9, nesterov: o.nesterov ?? false };
      return { optimizer: tf.train.momentum(lr, r.momentum, r.nesterov), resolved: r };
    }
    case 'adagrad': {
      // tfjs' Adagrad takes no epsilon: it adds the backend's.
      const r = { initialAccumulatorValue: o.initialAccumulatorValue ?? 0.1 };
      return { optimizer: tf.train.adagrad(lr, r.initialAccumulatorValue), resolved: r };
    }
    case 'adadelta': {
      const r = { rho: o.rho ?? 0.95, epsilon };
      return { optimizer: tf.train.adadelta(lr, r.rho, r.epsilon), resolved: r };
    }
    case 'rmsprop': {
      const r = { rho: o.rho ?? 0.9, momentum: o.momentum ?? 0, epsilon, centered: o.centered ?? false };
      return { optimizer: tf.train.rmsprop(lr, r.rho, r.momentum, r.epsilon, r.centered), resolved: r };
    }
    case 'adam':
    case 'adamax': {
      const r = { beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon };
      const make = o.name === 'adam' ? tf.train.adam : tf.train.adamax;
      return { optimizer: make(lr, r.beta1, r.beta2, r.epsilon), resolved: r };
    }
    case 'adamw': {
      const r = { beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, epsilon, weightDecay: o.weightDecay ?? 0.01, decayBiases: o.decayBiases ?? false };
      return { optimizer: new AdamWOptimizer({ learningRate: lr, ...r }), resolved: r };
    }
  }
}

function manage(
  optimizer: tf.Optimizer,
  name: string,
  initial: number,
  describe: () => Record<string, unknown>,
  schedule?: LearningRateSchedule,
  clip?: ClipOptions,
): ManagedOptimizer {
  const holder = learningRateField(optimizer);
  let current = initial;
  const managed: ManagedOptimizer = {
    optimizer, name, initialLearningRate: initial, describe,
    getLearningRate: () => current,
    setLearningRate(lr: number) {
      if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) throw new Error(`learning rate must be a finite number ≥ 0, got ${lr}`);
      current = lr;
      // SGD and momentum cache −lr in a tensor and need their setter; the others read the field at each step.
      if (typeof holder.setLearningRate === 'function') holder.setLearningRate(lr);
      else holder.learningRate = lr;
    },
  };
  if (schedule) managed.schedule = schedule;
  if (clip) managed.clip = clip;
  return managed;
}

/** tf.Optimizer's instanceof is duck-typed (minimize, computeGradients, applyGradients), so it also accepts an
 * optimizer from another copy of tfjs; but it throws on undefined and null, hence the object check first. */
function isOptimizerInstance(spec: unknown): spec is tf.Optimizer {
  return typeof spec === 'object' && spec !== null && spec instanceof tf.Optimizer;
}

/** A tf.Optimizer from the model file, used as is; its learning rate is read from its `learningRate` field. */
function manageUserOptimizer(optimizer: tf.Optimizer): ManagedOptimizer {
  const field = learningRateField(optimizer).learningRate;
  const lr = typeof field === 'number' && Number.isFinite(field) ? field : NaN;
  const name = safe(() => optimizer.getClassName()) || optimizer.constructor?.name || 'custom';
  const describe = () => {
    const config = safe(() => optimizer.getConfig()) ?? {};
    const primitives = Object.fromEntries(Object.entries(config).filter(([, v]) => ['number', 'boolean', 'string'].includes(typeof v)));
    return JSON.parse(JSON.stringify({ name, custom: true, ...primitives, learningRate: Number.isNaN(lr) ? null : lr })) as Record<string, unknown>;
  };
  return manage(optimizer, name, lr, describe);
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
