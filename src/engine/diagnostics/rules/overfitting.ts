// overfitting: validation loss climbs away from its best while training loss keeps falling.
import type { Finding, Rule, TrainingTrace } from '../types';
import { epochSeries, fmt, lastStepOf, pct, round, slope, sortedEpochs, trailingMedian } from './curveStats';
import { oscillationAt, rule as oscillatingLoss } from './oscillating-loss';
import { atTrivialLevel, rule as underfitting } from './underfitting';

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
  /**
   * Memorization without a climb: the smoothed validation loss at least this many times the training loss...
   */
  memorizedLossRatio: number;
  /**
   * ...the training loss at most this fraction of the trivial (else first-epoch) loss (the training set is fitted),
   * the validation loss at least 2 × `minValLossFraction` of it, no new validation best (by 2 %) for `patience` epochs...
   */
  memorizedTrainFraction: number;
  /** ...and, with an accuracy, training accuracy at least this far above validation accuracy (points). */
  minAccuracyGap: number;
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
      'Both epoch losses are smoothed with a trailing median of 3 epochs, so a single noisy epoch neither triggers the rule nor resets it. Fires at the first epoch where: the smoothed validation loss first improved (its best is ≥ 5 % below the first epoch\'s) and has been above its best for ≥ 5 epochs (patience); the least-squares trend of the smoothed validation loss since the best has risen ≥ 10 % of the best, or ≥ 5 % when the climb is steady (the raw validation loss went up in ≥ 80 % of the epochs since the best) (a trend, so noise around a flat curve does not count); the training loss kept falling over the same epochs (negative trend, smoothed value ≥ 1 % below the one at the best epoch); and the gap (val − train) / train exceeds 25 %; while the smoothed validation accuracy holds its best so far (within half a point), the rise must be at least 6 % of the constant-prediction loss: a small rise of the validation loss with the accuracy at its best is confidence lost on a few samples, not a worse model. Not reported: a validation loss that merely flattens or wobbles by a few percent (common in healthy runs near their end); a validation loss below 5 % of the constant-prediction loss (the model is near-perfect on new data anyway); a rise smaller than 2 % of the constant-prediction loss (on a small validation set, 10 % of an already tiny loss is noise); and epochs where the training or the validation loss itself zigzags (the oscillating-loss test over the last 6 epochs, at any loss level): a bouncing validation loss is instability, not memorization. Needs a validation split. The message names the best (lowest raw validation loss) epoch, which is where early stopping would have kept the weights. If the validation loss later comes back to that best (the climb was a detour, and a later epoch is the one to keep), the finding is marked resolved from that epoch at the run\'s end.',
      'A generalization gap is the finding too, whatever the slope of the validation curve: a large network on a few samples can drive its training loss to ~0 while the validation loss barely moves. Also fires at the first epoch where, for 3 epochs in a row (smoothed as above, after 5 epochs): the training loss is ≤ 10 % of the constant-prediction loss (the training set is fitted), the validation loss is ≥ 5× the training loss and ≥ 10 % of the constant-prediction loss (far from it on new data), the validation loss has not improved by 2 % for 5 epochs (it is not catching up), and, with an accuracy metric, training accuracy is ≥ 8 points above validation accuracy; a validation set at the constant-prediction level is left to underfitting, which names labels that do not follow from the features. With 10 or more parameters per training sample, either finding points at the data line and puts more data first. The message gives the epoch from which the gap opened (validation loss ≥ 2× training loss from then on), the number of parameters per training sample, and which test fired.',
      'Most likely fixes: early stopping with restored best weights (or fewer epochs); dropout; L2 weight decay; more or augmented data; a smaller model.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { patience: 5, minRise: 0.1, minSteadyRise: 0.05, minGap: 0.25, smoothing: 3, minValLossFraction: 0.05, minRiseOfTrivial: 0.02, memorizedLossRatio: 5, memorizedTrainFraction: 0.1, minAccuracyGap: 0.08 },
  },
  check(trace, o) {
    if (!trace.config.hasValidation) return [];
    const rising = risingValidation(trace, o);
    const gap = memorization(trace, o);
    const first = rising && gap ? (rising.epoch! <= gap.epoch! ? rising : gap) : rising ?? gap;
    return first ? [pointAtData(trace, first)] : [];
  },
  resolve(trace, finding, o) {
    // The climb ended: the validation loss came back to its best (a later epoch was the better one to keep);
    // the gap closed: validation came within 2× of training again.
    const val = epochSeries(trace, 'val_loss');
    const train = epochSeries(trace, 'loss');
    const start = finding.epoch;
    if (start === undefined) return undefined;
    let from = -1;
    if (finding.evidence.test === 'generalization-gap') {
      const vs = trailingMedian(val, o.smoothing);
      const ts = trailingMedian(train, o.smoothing);
      for (let t = Math.min(vs.length, ts.length) - 1; t > start && vs[t] < 2 * ts[t]; t--) from = t;
    } else {
      const best = Number(finding.evidence.bestValLoss);
      from = val.findIndex((v, t) => t > start && v <= best);
    }
    if (from < 0) return undefined;
    const epoch = sortedEpochs(trace)[from].epoch;
    return { epoch, step: lastStepOf(trace, epoch) };
  },
};

/** Training samples (from the class counts, when known) and parameters: how plausible memorization is. */
function capacity(trace: TrainingTrace): { params: number; samples?: number } {
  const params = trace.layers.reduce((n, l) => n + (l.trainable ? l.params : 0), 0);
  const counts = trace.data.classCounts;
  return { params, samples: counts ? counts.reduce((a, b) => a + b, 0) : undefined };
}

/** With ≥ 10 parameters per training sample the data is what is short: the finding points at the data line. */
function pointAtData(trace: TrainingTrace, finding: Finding): Finding {
  const { params, samples } = capacity(trace);
  if (!samples || params / samples < 10) return finding;
  return {
    ...finding,
    target: { kind: 'config', key: 'data' },
    message: `${finding.message} With ${samples} training samples for ${fmt(params)} parameters (${fmt(params / samples)} per sample), the data is the first thing to grow.`,
    evidence: { ...finding.evidence, paramsPerSample: round(params / samples, 2) },
    fixes: [FIXES[3], ...finding.fixes.filter((f) => f !== FIXES[3])],
  };
}

/** The epoch from which the validation loss stayed at least twice the training loss. */
function gapOpenedAt(vs: number[], ts: number[], t: number): number {
  let e = t;
  while (e > 0 && vs[e - 1] >= 2 * ts[e - 1]) e--;
  return e;
}

/** Memorization: the training set fitted, validation far behind and not catching up, whatever its slope. */
function memorization(trace: TrainingTrace, o: OverfittingOptions): Finding | undefined {
  const val = epochSeries(trace, 'val_loss');
  const train = epochSeries(trace, 'loss');
  const records = sortedEpochs(trace);
  const n = Math.min(val.length, train.length);
  const vs = trailingMedian(val.slice(0, n), o.smoothing);
  const ts = trailingMedian(train.slice(0, n), o.smoothing);
  const trivial = trace.data.trivialLoss !== undefined && trace.data.trivialLoss > 0 ? trace.data.trivialLoss : train[0];
  const sustain = 3;
  let run = 0;
  for (let t = 0; t < n; t++) {
    const m = records[t].metrics;
    const accuracyGap = Number.isFinite(m.accuracy) && Number.isFinite(m.val_accuracy) ? m.accuracy - m.val_accuracy : undefined;
    const bestBefore = Math.min(...val.slice(0, Math.max(1, t - o.patience + 1)));
    const stalled = t >= o.patience && Math.min(...val.slice(t - o.patience + 1, t + 1)) > 0.98 * bestBefore;
    const holds = t >= 4 && ts[t] <= o.memorizedTrainFraction * trivial && vs[t] >= o.memorizedLossRatio * ts[t]
      && vs[t] >= 2 * o.minValLossFraction * trivial && stalled && (accuracyGap === undefined || accuracyGap >= o.minAccuracyGap);
    // Validation at the constant-prediction level is no generalization at all: underfitting names it (labels).
    const atChance = atTrivialLevel(trace.data, { loss: m.val_loss, accuracy: m.val_accuracy }, underfitting.meta.defaultOptions);
    run = holds && !atChance.byLoss && !atChance.byAccuracy ? run + 1 : 0;
    if (run < sustain) continue;
    const opened = gapOpenedAt(vs, ts, t);
    const { params, samples } = capacity(trace);
    const perSample = samples ? params / samples : undefined;
    const accuracyText = accuracyGap !== undefined ? `, training accuracy ${pct(m.accuracy)} against ${pct(m.val_accuracy)} on validation` : '';
    return {
      code: 'overfitting',
      severity: 'warning',
      message: `The model memorizes its training set: by epoch ${t + 1} the training loss is ${fmt(ts[t])} but the validation loss ${fmt(vs[t])} (${fmt(vs[t] / ts[t])}× higher)${accuracyText}, and the validation loss has not improved for ${o.patience} epochs. The gap opened at epoch ${opened + 1}.${perSample !== undefined ? ` The model has ${fmt(params)} parameters for ${samples} training samples (${fmt(perSample)} per sample).` : ''} More epochs will not help: regularize, get more data, or use a smaller model.`,
      target: { kind: 'config', key: 'model' },
      epoch: t,
      step: lastStepOf(trace, t),
      evidence: {
        test: 'generalization-gap', trainLoss: round(ts[t]), valLoss: round(vs[t]), lossRatio: round(vs[t] / ts[t], 2), gapOpenedEpoch: opened,
        ...(accuracyGap !== undefined ? { accuracy: round(m.accuracy), valAccuracy: round(m.val_accuracy), accuracyGap: round(accuracyGap, 3) } : {}),
        params, ...(samples !== undefined ? { trainSamples: samples, paramsPerSample: round(params / samples, 2) } : {}), plannedEpochs: trace.config.epochs,
      },
      fixes: [FIXES[1], FIXES[2], FIXES[3], FIXES[4], FIXES[0]],
    };
  }
  return undefined;
}

/** The validation loss climbing away from its best while the training loss keeps falling. */
function risingValidation(trace: TrainingTrace, o: OverfittingOptions): Finding | undefined {
  const val = epochSeries(trace, 'val_loss');
  const train = epochSeries(trace, 'loss');
  const n = Math.min(val.length, train.length);
  const vs = trailingMedian(val.slice(0, n), o.smoothing);
  const ts = trailingMedian(train.slice(0, n), o.smoothing);
  const reference = trace.data.trivialLoss !== undefined && trace.data.trivialLoss > 0 ? trace.data.trivialLoss : val[0];
  const bouncing = { ...oscillatingLoss.meta.defaultOptions, minLevelFraction: 0 };
  const rawAccuracy = sortedEpochs(trace).map((r) => r.metrics.val_accuracy);
  const valAccuracy: (number | undefined)[] = rawAccuracy.every((a) => Number.isFinite(a)) ? trailingMedian(rawAccuracy.slice(0, n), o.smoothing) : [];
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
    // A small rise of the validation loss while the validation accuracy stays at its best is confidence lost on
    // a few samples, not a worse model: then the rise must be 3× larger against the constant-prediction loss.
    const accuracyHolds = valAccuracy[t] !== undefined && valAccuracy[t]! >= Math.max(...valAccuracy.slice(0, t + 1).map((a) => a ?? -Infinity)) - 0.005;
    if (accuracyHolds && trivial !== undefined && rise * vs[best] < 3 * o.minRiseOfTrivial * trivial) continue;
    return {
      code: 'overfitting',
      severity: 'warning',
      message: `Overfitting from epoch ${t + 1}: validation loss was lowest at epoch ${rawBest + 1} (${fmt(val[rawBest])}) and has risen ${pct(rise)} since, to ${fmt(vs[t])}, while training loss fell to ${fmt(ts[t])} (gap ${pct(gap)}). Training past epoch ${rawBest + 1} makes the model worse on new data; with ${trace.config.epochs} planned epochs, stop early or regularize.`,
      target: { kind: 'config', key: 'model' },
      epoch: t,
      step: lastStepOf(trace, t),
      evidence: {
        test: 'rising-validation', bestEpoch: rawBest, bestValLoss: round(val[rawBest]), valLoss: round(vs[t]), trainLoss: round(ts[t]),
        trainLossAtBest: round(ts[best]), rise: round(rise, 3), steadyClimb: steady, gap: round(gap, 3), epochsSinceBest: t - rawBest, plannedEpochs: trace.config.epochs,
      },
      fixes: FIXES,
    };
  }
  return undefined;
}
