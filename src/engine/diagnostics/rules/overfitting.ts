// overfitting: validation loss climbs away from its best while training loss keeps falling.
import type { Rule } from '../types';
import { epochSeries, fmt, lastStepOf, pct, round, slope, trailingMedian } from './curveStats';
import { oscillationAt, rule as oscillatingLoss } from './oscillating-loss';

export interface OverfittingOptions {
  /** Epochs the (smoothed) validation loss must have stayed above its best. */
  patience: number;
  /** Smallest rise of the validation loss's trend above its best, relative (0.1 = 10 %)... */
  minRise: number;
  /** ...or this smaller rise when the climb is steady (up in ≥ 80 % of the epochs since the best). */
  minSteadyRise: number;
  /** Smallest generalization gap (val − train) / train. */
  minGap: number;
  /** The rise must also be at least this fraction of the constant-predictor loss: on a small validation set, a 10 % rise of an already tiny loss is noise. */
  minRiseOfTrivial: number;
  /** Width of the trailing median that smooths both curves (one odd epoch neither triggers nor resets). */
  smoothing: number;
  /** Not when the validation loss is below this fraction of the trivial (else first-epoch) loss: it is near-perfect anyway. */
  minValLossFraction: number;
}

const FIXES = [
  'Stop at the best epoch with early stopping: `earlyStopping: { patience: 5, restoreBest: true }` (or lower `epochs` to about the best epoch)',
  'Add dropout (e.g. 0.2–0.5) after the large hidden layers',
  'Add L2 weight decay (kernelRegularizer l2 1e-4–1e-3, or the adamw optimizer)',
  'Get more training data or augment it',
  'Use a smaller model (fewer units or layers)',
];

export const rule: Rule<OverfittingOptions> = {
  meta: {
    code: 'overfitting',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Overfitting: validation loss rises while training loss keeps falling',
    docs: [
      'The model has started to memorize the training set: it keeps getting better on the training data but worse on data it has not seen. Every epoch past the best one makes the model you keep worse.',
      'Both epoch losses are smoothed with a trailing median of 3 epochs, so a single noisy epoch neither triggers the rule nor resets it. Fires at the first epoch where: the smoothed validation loss first improved (its best is ≥ 5 % below the first epoch\'s) and has been above its best for ≥ 5 epochs (patience); the least-squares trend of the smoothed validation loss since the best has risen ≥ 10 % of the best, or ≥ 5 % when the climb is steady (the raw validation loss went up in ≥ 80 % of the epochs since the best) (a trend, so noise around a flat curve does not count); the training loss kept falling over the same epochs (negative trend, smoothed value ≥ 1 % below the one at the best epoch); and the gap (val − train) / train exceeds 25 %. Not reported: a validation loss that merely flattens or wobbles by a few percent (common in healthy runs near their end); a validation loss below 5 % of the constant-prediction loss (the model is near-perfect on new data anyway); a rise smaller than 2 % of the constant-prediction loss (on a small validation set, 10 % of an already tiny loss is noise); and epochs where the training or the validation loss itself zigzags (the oscillating-loss test over the last 6 epochs, at any loss level): a bouncing validation loss is instability, not memorization. Needs a validation split. The message names the best (lowest raw validation loss) epoch, which is where early stopping would have kept the weights.',
      'Most likely fixes: early stopping with restored best weights (or fewer epochs); dropout; L2 weight decay; more or augmented data; a smaller model.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { patience: 5, minRise: 0.1, minSteadyRise: 0.05, minGap: 0.25, smoothing: 3, minValLossFraction: 0.05, minRiseOfTrivial: 0.02 },
  },
  check(trace, o) {
    if (!trace.config.hasValidation) return [];
    const val = epochSeries(trace, 'val_loss');
    const train = epochSeries(trace, 'loss');
    const n = Math.min(val.length, train.length);
    const vs = trailingMedian(val.slice(0, n), o.smoothing);
    const ts = trailingMedian(train.slice(0, n), o.smoothing);
    const reference = trace.data.trivialLoss !== undefined && trace.data.trivialLoss > 0 ? trace.data.trivialLoss : val[0];
    const bouncing = { ...oscillatingLoss.meta.defaultOptions, minLevelFraction: 0 };
    let best = 0;
    for (let t = 1; t < n; t++) {
      if (vs[t] <= vs[best]) best = t; // ties: the latest, so "above its best since" really means since
      // A validation loss that bounces up and down (or bounces with the training loss) is instability, not
      // memorization: the oscillation test, at any loss level, on both curves.
      if (oscillationAt(trace, train, t, bouncing) || oscillationAt(trace, val, t, bouncing)) continue;
      // The validation loss first improved (a U shape), so the rise is not just a bad start.
      if (best === 0 || vs[best] > 0.95 * val[0]) continue;
      // The best raw epoch within the smoothed best's window: where the rise starts, and what early stopping keeps.
      let rawBest = best;
      for (let e = Math.max(0, best - o.smoothing + 1); e < best; e++) if (val[e] < val[rawBest]) rawBest = e;
      if (t - rawBest < o.patience) continue;
      // The rise is the least-squares trend of the smoothed losses since the best: noise around a flat curve gives ~0.
      const rise = (slope(vs.slice(rawBest, t + 1)) * (t - rawBest)) / vs[best];
      let ups = 0;
      for (let e = rawBest + 1; e <= t; e++) if (val[e] > val[e - 1]) ups++;
      const steady = ups >= 0.8 * (t - rawBest);
      if (!(rise >= (steady ? o.minSteadyRise : o.minRise)) || !(vs[t] > vs[best])) continue;
      const trivial = trace.data.trivialLoss;
      if (trivial !== undefined && rise * vs[best] < o.minRiseOfTrivial * trivial) continue;
      if (Math.min(vs[t], val[t]) < o.minValLossFraction * reference) continue;
      if (!(ts[t] <= ts[best] * 0.99) || slope(train.slice(rawBest, t + 1)) >= 0) continue;
      const gap = (vs[t] - ts[t]) / ts[t];
      if (!(gap > o.minGap)) continue;
      return [{
        code: 'overfitting',
        severity: 'warning',
        message: `Overfitting from epoch ${t + 1}: validation loss was lowest at epoch ${rawBest + 1} (${fmt(val[rawBest])}) and has risen ${pct(rise)} since, to ${fmt(vs[t])}, while training loss fell to ${fmt(ts[t])} (gap ${pct(gap)}). Training past epoch ${rawBest + 1} makes the model worse on new data; with ${trace.config.epochs} planned epochs, stop early or regularize.`,
        target: { kind: 'config', key: 'model' },
        epoch: t,
        step: lastStepOf(trace, t),
        evidence: {
          bestEpoch: rawBest, bestValLoss: round(val[rawBest]), valLoss: round(vs[t]), trainLoss: round(ts[t]),
          trainLossAtBest: round(ts[best]), rise: round(rise, 3), steadyClimb: steady, gap: round(gap, 3), epochsSinceBest: t - rawBest, plannedEpochs: trace.config.epochs,
        },
        fixes: FIXES,
      }];
    }
    return [];
  },
};
