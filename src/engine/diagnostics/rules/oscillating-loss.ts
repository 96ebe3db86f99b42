// oscillating-loss: the training loss swings up and down from epoch to epoch instead of going down.
//
// Why epochs and not single steps: in healthy runs the per-step loss already alternates (consecutive differences of
// independent mini-batch losses change sign 2/3 of the time) and, once the loss is small, single batches swing by
// 100 % of the level or more. Measured on real tfjs runs, no step-level amplitude threshold separated those from
// too-high learning rates; the epoch loss (the mean over an epoch's batches) did: it stays smooth in healthy runs
// and keeps jumping when the steps overshoot.
import type { Rule, TrainingTrace } from '../types';
import { epochSeries, fmt, lastStepOf, mean, median, pct, round, sortedEpochs, stepLosses } from './curveStats';

export interface OscillatingLossOptions {
  /** Epochs in the window the swings are measured over. */
  window: number;
  /** Median |change| of the epoch loss between consecutive epochs, relative to the window's median loss. */
  minSwing: number;
  /** Fraction of consecutive changes that reverse direction (up then down, or down then up). */
  minReversals: number;
  /** "No downward trend": mean of the window's last 2 epochs ≥ this × mean of its first 2. */
  flatTrend: number;
  /** Not converged: the window's median loss ≥ this fraction of the reference (trivial, else first-epoch) loss. */
  minLevelFraction: number;
  /** Not when the window's median training accuracy is at least this (a good fit bouncing a little). */
  goodAccuracy: number;
}

export interface Oscillation {
  epoch: number;
  swing: number;
  reversals: number;
  trend: number;
  level: number;
  reference: number;
  low: number;
  high: number;
}

/** Median |Δ| of consecutive step losses in epochs first..last, relative to their median (NaN without step records). */
function stepSwing(trace: TrainingTrace, first: number, last: number): number {
  const steps = stepLosses(trace).filter((s) => s.epoch >= first && s.epoch <= last).map((s) => s.loss);
  const changes = steps.slice(1).map((x, i) => Math.abs(x - steps[i]));
  return median(changes) / median(steps);
}

/** The reference scale of the loss: the constant-prediction loss, else the first epoch's loss. */
function referenceLoss(trace: TrainingTrace, losses: number[]): number {
  const trivial = trace.data.trivialLoss;
  return trivial !== undefined && trivial > 0 ? trivial : losses[0];
}

/** Whether the epoch losses of the window ending at epoch t oscillate; undefined when they do not. */
export function oscillationAt(trace: TrainingTrace, losses: number[], t: number, o: OscillatingLossOptions): Oscillation | undefined {
  const k = Math.max(3, Math.round(o.window));
  if (t < k - 1 || t >= losses.length) return undefined;
  const reference = referenceLoss(trace, losses);
  const w = losses.slice(t - k + 1, t + 1);
  const level = median(w);
  if (!(level >= o.minLevelFraction * reference)) return undefined;
  const changes = w.slice(1).map((x, i) => x - w[i]);
  const swing = median(changes.map(Math.abs)) / level;
  if (!(swing >= o.minSwing)) return undefined;
  let reversed = 0;
  for (let i = 1; i < changes.length; i++) if (changes[i] * changes[i - 1] < 0) reversed++;
  const reversals = reversed / (changes.length - 1);
  if (reversals < o.minReversals) return undefined;
  const trend = mean(w.slice(-2)) / mean(w.slice(0, 2));
  if (trend < o.flatTrend) return undefined;
  return { epoch: t, swing, reversals, trend, level, reference, low: Math.min(...w), high: Math.max(...w) };
}

/** The first epoch whose trailing window shows an oscillating epoch loss. */
export function firstOscillation(trace: TrainingTrace, o: OscillatingLossOptions): Oscillation | undefined {
  const losses = epochSeries(trace, 'loss');
  const val = epochSeries(trace, 'val_loss');
  const k = Math.max(3, Math.round(o.window));
  for (let t = 0; t < losses.length; t++) {
    const found = oscillationAt(trace, losses, t, o);
    if (!found) continue;
    // A training loss that bounces while the validation loss keeps falling is noise the model trains through
    // (dropout, small batches), not steps that overshoot.
    const w = val.slice(t - k + 1, t + 1);
    if (w.length === k && w.every(Number.isFinite) && mean(w.slice(-2)) < o.flatTrend * mean(w.slice(0, 2))) continue;
    // Swings of a model that is already right on ≥ 90 % of its training data are noise around a good fit.
    const accuracy = median(sortedEpochs(trace).slice(t - k + 1, t + 1).map((r) => r.metrics.accuracy));
    if (accuracy >= o.goodAccuracy) continue;
    return found;
  }
  return undefined;
}

const FIXES = [
  'Lower the learning rate 3–10× (e.g. 1e-2 → 1e-3)',
  'Use a larger batch size (less noisy gradients)',
  'Use momentum or adam instead of plain sgd',
  'Clip gradients (clipNorm, e.g. 1.0)',
  'Decay the learning rate over training (a schedule)',
];

export const rule: Rule<OscillatingLossOptions> = {
  meta: {
    code: 'oscillating-loss',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Oscillating loss: the training loss jumps up and down instead of going down',
    docs: [
      'The updates overshoot: each step jumps across the valley of the loss instead of descending into it, so the loss keeps bouncing between better and worse values and the model does not settle. The usual cause is a learning rate too high for this model and batch size.',
      'Judged on the epoch training loss (the mean over each epoch\'s batches), so ordinary mini-batch noise does not count: single batches of a healthy run swing a lot, their epoch mean does not. Fires at the first epoch whose last 6 epochs show: a median epoch-to-epoch change of ≥ 10 % of the window\'s median loss; at least half of the consecutive changes reversing direction (up-down-up); no downward trend (mean of the last 2 epochs ≥ 0.9 × mean of the first 2); and a loss that is not near convergence (window median ≥ 20 % of the constant-prediction loss, or of the first epoch\'s loss when that is unknown: swings of an almost-zero loss do not matter); and, with a validation split, a validation loss that is not still falling over the same epochs (mean of its last 2 epochs ≥ 0.9 × mean of its first 2: a training loss that bounces while validation keeps improving is dropout or batch noise the model trains through); and a median training accuracy over the window below 0.9 (the swings of a model already right on 90 % of its training data are noise around a good fit). The message also gives the per-step swing in the window.',
      'Most likely fixes: lower the learning rate 3–10×; a larger batch size; momentum or adam; gradient clipping; learning-rate decay.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { window: 6, minSwing: 0.1, minReversals: 0.5, flatTrend: 0.9, minLevelFraction: 0.2, goodAccuracy: 0.9 },
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace, o) {
    const found = firstOscillation(trace, o);
    if (!found) return [];
    const k = Math.max(3, Math.round(o.window));
    const swingOfSteps = stepSwing(trace, found.epoch - k + 1, found.epoch);
    const steps = Number.isFinite(swingOfSteps) ? ` Single steps moved by a median ${pct(swingOfSteps)} of the loss.` : '';
    return [{
      code: 'oscillating-loss',
      severity: 'warning',
      message: `The training loss is oscillating: over epochs ${found.epoch - k + 2}–${found.epoch + 1} it jumped between ${fmt(found.low)} and ${fmt(found.high)}, a median ${pct(found.swing)} per epoch, up and down without going lower.${steps} The learning rate (${fmt(trace.config.learningRate)}) is most likely too high.`,
      target: { kind: 'config', key: 'learningRate' },
      epoch: found.epoch,
      step: lastStepOf(trace, found.epoch),
      evidence: {
        swing: round(found.swing, 3), reversals: round(found.reversals, 3), trend: round(found.trend, 3), medianLoss: round(found.level), lowLoss: round(found.low), highLoss: round(found.high),
        referenceLoss: round(found.reference), ...(Number.isFinite(swingOfSteps) ? { stepSwing: round(swingOfSteps, 3) } : {}), windowEpochs: k, learningRate: trace.config.learningRate,
      },
      fixes: FIXES,
    }];
  },
};
