// Static rule: the learning rate is far outside the range that usually works for the chosen optimizer.
import type { Rule, TrainingTrace } from '../types';
import { fmt } from './curveStats';

/** Usual lowest and highest learning rate per optimizer family; outside them the rule fires. */
export interface LearningRateRangeOptions {
  /** adam, adamax, adamw, rmsprop. */
  adaptiveLow: number;
  adaptiveHigh: number;
  /** sgd, momentum. */
  sgdLow: number;
  sgdHigh: number;
  adagradLow: number;
  adagradHigh: number;
  adadeltaLow: number;
  adadeltaHigh: number;
}

/** The optimizer's [low, high] range from the options, or undefined for an optimizer not in the table. */
export function rangeOf(optimizer: string, o: LearningRateRangeOptions): [number, number] | undefined {
  if (['adam', 'adamax', 'adamw', 'rmsprop'].includes(optimizer)) return [o.adaptiveLow, o.adaptiveHigh];
  if (optimizer === 'sgd' || optimizer === 'momentum') return [o.sgdLow, o.sgdHigh];
  if (optimizer === 'adagrad') return [o.adagradLow, o.adagradHigh];
  if (optimizer === 'adadelta') return [o.adadeltaLow, o.adadeltaHigh];
  return undefined;
}

/** 'AdamOptimizer' (a user-supplied tf.Optimizer's class name) → 'adam'. */
export function optimizerKey(name: string): string {
  return name.toLowerCase().replace(/optimizer$/, '').replace(/[_\s-]/g, '');
}

/** Whether the run's learning rate is above the usual range for its optimizer (with the rule's default ranges). */
export function learningRateAboveRange(trace: TrainingTrace): boolean {
  const range = rangeOf(optimizerKey(trace.config.optimizerName), rule.meta.defaultOptions);
  return range !== undefined && trace.config.learningRate > range[1];
}

export const rule: Rule<LearningRateRangeOptions> = {
  meta: {
    code: 'learning-rate-range',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'The learning rate is far outside the usual range for the optimizer',
    docs: [
      'Each optimizer has a range of learning rates that works for almost every model: adaptive optimizers (Adam, Adamax, AdamW, RMSprop) normalize the step by the gradient\'s size, so their rate is roughly the step size in weight units (default 0.001); plain SGD and momentum multiply the raw gradient (default 0.01). Far above the range training oscillates or diverges to NaN; far below it the loss barely moves.',
      'Fires before training when the (initial) learning rate is ≤ 0 or outside: adam, adamax, adamw, rmsprop [1e-5, 0.1]; sgd, momentum [1e-4, 1]; adagrad [1e-4, 1]; adadelta [1e-4, 1] (SGD\'s range, not the 10 that suits Adadelta\'s paper: tfjs\' Adadelta takes its first step as lr·g and then behaves like SGD at that rate; Model Lab\'s default is 0.001). Optimizers not in the table (e.g. a custom tf.Optimizer class) are not checked. The range is deliberately wide: anything inside it may be right for some model, so only clearly unusual values are reported.',
      'Most likely fixes: start from the optimizer\'s default rate; run a learning-rate range test; use a schedule (warm-up then decay) instead of an extreme constant rate.',
    ].join('\n\n'),
    fixes: ['Start from the optimizer\'s default learning rate (Adam 0.001, SGD 0.01)', 'Run a learning-rate range test: increase the rate each step and pick one about 10× below where the loss blows up', 'Use a schedule (warm-up, then decay) instead of an extreme constant rate'],
    defaultOptions: { adaptiveLow: 1e-5, adaptiveHigh: 0.1, sgdLow: 1e-4, sgdHigh: 1, adagradLow: 1e-4, adagradHigh: 1, adadeltaLow: 1e-4, adadeltaHigh: 1 },
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace, o) {
    const { optimizerName, learningRate } = trace.config;
    const key = optimizerKey(optimizerName);
    const range = rangeOf(key, o);
    if (!range || !Number.isFinite(learningRate)) return [];
    const [low, high] = range;
    const tooHigh = learningRate > high;
    if (learningRate >= low && !tooHigh) return [];
    const consequence = tooHigh
      ? 'the updates overshoot: expect an oscillating or exploding loss (NaN)'
      : learningRate <= 0 ? 'the weights will not move' : 'the loss will barely move in the planned epochs';
    return [{
      code: 'learning-rate-range',
      severity: 'warning',
      message: `The learning rate ${fmt(learningRate)} is ${tooHigh ? 'far above' : 'far below'} the usual range for ${key} [${fmt(low)}, ${fmt(high)}]: ${consequence}.`,
      target: { kind: 'config', key: 'learningRate' },
      evidence: { learningRate, optimizer: key, rangeLow: low, rangeHigh: high, direction: tooHigh ? 'high' : 'low' },
      fixes: [
        `Try ${key === 'sgd' || key === 'momentum' ? '0.01' : '0.001'} (the usual starting point for ${key}), then adjust by factors of 3`,
        'Run a learning-rate range test: increase the rate each step and pick one about 10× below where the loss blows up',
        'Use a schedule (warm-up, then decay) instead of an extreme constant rate',
      ],
    }];
  },
};
