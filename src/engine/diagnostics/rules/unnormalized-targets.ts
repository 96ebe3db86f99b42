// Static rule: a regression trained with MSE/huber on targets of large scale.
import type { Rule } from '../types';
import { fmt } from './curveStats';

export interface UnnormalizedTargetsOptions {
  /** Fires when |target mean| or target std exceeds this. */
  maxScale: number;
}

const LOSSES = new Set(['meanSquaredError', 'mse', 'huber', 'huberLoss']);

const FIXES = [
  'Standardize the targets: set the dataset option `normalizeTargets: true` (or subtract their mean, divide by their std yourself) and invert that on the predictions',
  'Use a loss on a relative scale (e.g. predict log(target), or use meanAbsoluteError with scaled targets)',
  'Scale the output layer (e.g. initialize its bias at the target mean) so it starts near the targets',
];

export const rule: Rule<UnnormalizedTargetsOptions> = {
  meta: {
    code: 'unnormalized-targets',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'Regression targets are on a large scale',
    docs: [
      'A freshly initialized network outputs values near 0 with unit scale. With targets in the hundreds, the squared error starts in the tens of thousands: the first gradients are huge (the learning rate that suits the weights is far too big for them), and most of training is spent just moving the output to the right range instead of learning the pattern.',
      'Fires before training for a regression (target layout `regression`) with loss meanSquaredError or huber when |target mean| > 10 or target std > 10 (huber behaves like MAE on large errors, so it also starts far off and slow).',
      'Most likely fixes: standardize the targets and invert the scaling on predictions; use a loss on a relative scale; scale the output layer.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { maxScale: 10 },
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace, o) {
    const { targetLayout, targetMean, targetStd } = trace.data;
    if (targetLayout !== 'regression' || !LOSSES.has(trace.config.lossName)) return [];
    if (targetMean === undefined && targetStd === undefined) return [];
    const mean = targetMean ?? 0;
    const std = targetStd ?? 0;
    if (Math.abs(mean) <= o.maxScale && std <= o.maxScale) return [];
    return [{
      code: 'unnormalized-targets',
      severity: 'warning',
      message: `The regression targets have mean ${fmt(mean)} and std ${fmt(std)} (above ${o.maxScale}) with loss ${trace.config.lossName}: the initial errors and gradients are huge, and training first spends its time moving the output to that scale.`,
      target: { kind: 'config', key: 'data' },
      evidence: { targetMean: mean, targetStd: std, threshold: o.maxScale, loss: trace.config.lossName },
      fixes: FIXES,
    }];
  },
};
