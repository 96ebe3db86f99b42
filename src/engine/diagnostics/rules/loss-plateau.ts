// loss-plateau: the training loss has stopped improving at a non-trivial level, long before the planned end.
import type { Rule } from '../types';
import { epochSeries, fmt, lastStepOf, pct, plannedEpochs, round, sortedEpochs, trailingMedian } from './curveStats';
import { firstOscillation, rule as oscillatingLoss } from './oscillating-loss';
import { atTrivialLevel, rule as underfitting } from './underfitting';

export interface LossPlateauOptions {
  /** Epochs the improvement is measured over. */
  window: number;
  /** Fires when the smoothed loss improved by less than this fraction over the window. */
  minImprovement: number;
  /** Only while at least this fraction of the planned epochs is still ahead. */
  minRemainingFraction: number;
  /** Not when the loss is already below this fraction of the first epoch's loss (near zero). */
  nearZeroFraction: number;
  /** Classification: not when training accuracy is at least this (converged on a good accuracy). */
  goodAccuracy: number;
  /** Without an accuracy: not when the loss is below this fraction of the trivial (else first-epoch) loss (R² ≥ 0.5 for MSE). */
  goodLossFraction: number;
}

const FIX = {
  lr: 'Tune the learning rate: a too-high rate bounces around a valley floor, a too-low one crawls; run a learning-rate range test (try 3× higher and 3× lower)',
  schedule: 'Add a learning-rate schedule (decay on plateau, or cosine)',
  adam: 'Use adam instead of plain sgd',
  bn: 'Add batch normalization between the hidden layers',
  dead: 'Check for dead ReLU units (a layer that outputs 0 for every input stops learning)',
  larger: 'Use a larger model (more units or layers): training and validation loss are stuck together, which is what too little capacity looks like',
};
const FIXES = [FIX.lr, FIX.schedule, FIX.adam, FIX.bn, FIX.dead];

export const rule: Rule<LossPlateauOptions> = {
  meta: {
    code: 'loss-plateau',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Loss plateau: the training loss stopped improving early',
    docs: [
      'The training loss has stopped going down, at a level that is neither near zero nor a good fit, with much of the training still ahead: the remaining epochs will be wasted unless something changes. Most often the learning rate is wrong for this stage (too high: the steps bounce across the valley; too low: they crawl), or units stopped learning (dead ReLUs, saturated sigmoids).',
      'The epoch training losses are smoothed with a trailing median of 3 epochs. Fires at the first epoch t where the smoothed loss improved by less than 1 % (and rose by less than 5 %) over the last 5 epochs, relative to its value 5 epochs earlier, while at least 25 % of the planned epochs remain (a loss that levels off in the last quarter has converged, early enough or not), and the fit is still poor: the loss is above 5 % of the first epoch\'s loss, and training accuracy is below 0.9 (for a loss without an accuracy metric, such as a regression: the loss is ≥ 50 % of the constant-prediction loss, i.e. R² ≤ 0.5 for MSE; healthy runs on noisy data level off below that). A loss still at the trivial level is left to the underfitting rule, and a run whose epoch loss has oscillated to the oscillating-loss rule, so the same problem is not reported twice. When the validation loss is stuck within 15 % of the training loss, a larger model is suggested right after the learning rate. A plateau the loss later leaves (its smoothed value stays ≥ 20 % below the stalled level to the end, or the run ends on a training accuracy ≥ 0.9) is marked resolved, from that epoch.',
      'Most likely fixes: raise or lower the learning rate (range test); a learning-rate schedule; adam instead of sgd; batch normalization; check for dead units.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { window: 5, minImprovement: 0.01, minRemainingFraction: 0.25, nearZeroFraction: 0.05, goodAccuracy: 0.9, goodLossFraction: 0.5 },
  },
  check(trace, o) {
    const losses = epochSeries(trace, 'loss');
    const records = sortedEpochs(trace);
    const smooth = trailingMedian(losses, 3);
    const planned = plannedEpochs(trace);
    const { trivialLoss } = trace.data;
    const reference = trivialLoss !== undefined && trivialLoss > 0 ? trivialLoss : losses[0];
    const val = epochSeries(trace, 'val_loss');
    // Start once the window's first point is itself a full 3-epoch median.
    for (let t = o.window + 2; t < losses.length; t++) {
      if (planned - (t + 1) < o.minRemainingFraction * planned) break;
      const start = smooth[t - o.window];
      const change = (start - smooth[t]) / start;
      if (!(change < o.minImprovement && change > -0.05)) continue;
      if (smooth[t] <= o.nearZeroFraction * losses[0]) continue;
      // Converged on a good fit: a good accuracy, or (without one) a loss well below the constant prediction's.
      const accuracy = records[t].metrics.accuracy;
      if (Number.isFinite(accuracy) ? accuracy >= o.goodAccuracy : smooth[t] < o.goodLossFraction * reference) continue;
      const trivial = atTrivialLevel(trace.data, records[t].metrics, underfitting.meta.defaultOptions);
      if (trivial.byLoss || trivial.byAccuracy) continue;
      // Once the loss has oscillated, a later stall is the same instability: oscillating-loss reports it.
      const oscillation = firstOscillation(trace, oscillatingLoss.meta.defaultOptions);
      if (oscillation && oscillation.epoch <= t) return [];
      // Validation stuck as close to the training loss: too little capacity is as likely as the learning rate.
      const together = Number.isFinite(val[t]) && Math.abs(val[t] - losses[t]) <= 0.15 * losses[t];
      return [{
        code: 'loss-plateau',
        severity: 'warning',
        message: `The training loss has stalled at ${fmt(smooth[t])}: it changed by ${change >= 0 ? '−' : '+'}${pct(Math.abs(change))} over epochs ${t - o.window + 1}–${t + 1}, with ${planned - t - 1} of ${planned} epochs still to go${Number.isFinite(accuracy) ? ` (training accuracy ${fmt(accuracy)})` : ''}.${together ? ` Validation loss is stuck with it (${fmt(val[t])}): either the learning rate (${fmt(trace.config.learningRate)}) or the model's capacity is the limit.` : ` The learning rate (${fmt(trace.config.learningRate)}) is the first thing to change.`}`,
        target: { kind: 'config', key: 'learningRate' },
        epoch: t,
        step: lastStepOf(trace, t),
        evidence: {
          loss: round(smooth[t]), lossWindowStart: round(start), improvement: round(change, 3), windowEpochs: o.window, firstEpochLoss: round(losses[0]),
          ...(Number.isFinite(accuracy) ? { accuracy: round(accuracy) } : {}), ...(trivialLoss !== undefined ? { trivialLoss: round(trivialLoss) } : {}),
          remainingEpochs: planned - t - 1, learningRate: trace.config.learningRate, ...(Number.isFinite(val[t]) ? { valLoss: round(val[t]) } : {}), valTracksTrain: together,
        },
        fixes: together ? [FIX.lr, FIX.larger, FIX.schedule, FIX.adam, FIX.bn, FIX.dead] : FIXES,
      }];
    }
    return [];
  },
  resolve(trace, finding, o) {
    // The loss left the plateau: from some epoch on its smoothed value stayed ≥ 20 % below the stalled level,
    // or the run ended on a good accuracy.
    const level = Number(finding.evidence.loss);
    const start = finding.epoch;
    if (!Number.isFinite(level) || start === undefined) return undefined;
    const records = sortedEpochs(trace);
    const smooth = trailingMedian(epochSeries(trace, 'loss'), 3);
    let from = -1;
    for (let t = smooth.length - 1; t > start; t--) {
      if (smooth[t] <= 0.8 * level) from = t;
      else break;
    }
    const finalAccuracy = records[records.length - 1]?.metrics.accuracy;
    if (from < 0 && Number.isFinite(finalAccuracy) && finalAccuracy >= o.goodAccuracy) {
      from = records.findIndex((r, t) => t > start && r.metrics.accuracy >= o.goodAccuracy);
    }
    if (from < 0) return undefined;
    return { epoch: records[from].epoch, step: lastStepOf(trace, records[from].epoch) };
  },
};
