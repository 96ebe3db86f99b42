// underfitting: after a warm-up the training loss is still at the level of a constant prediction
// (or the accuracy at chance): the model has learned nothing from the inputs.
import type { DataFacts, Rule } from '../types';
import { epochSeries, fmt, lastStepOf, pct, plannedEpochs, round, sortedEpochs } from './curveStats';
import { rule as diverged } from './diverged';
import { firstOscillation, rule as oscillatingLoss } from './oscillating-loss';

export interface UnderfittingOptions {
  /** Warm-up: judge only after this fraction of the planned epochs... */
  warmupFraction: number;
  /** ...and at least this many epochs. */
  minWarmupEpochs: number;
  /** "At the trivial level": training loss ≥ (1 − margin) × the trivial predictor's loss. */
  trivialLossMargin: number;
  /** "At chance": accuracy ≤ chance + this fraction of the headroom (1 − chance), at least 0.02 above chance. */
  chanceMargin: number;
  /** Consecutive epochs the condition must hold. */
  sustainEpochs: number;
}

/** Whether epoch `t` shows a model no better than a constant prediction (shared with loss-plateau). */
export function atTrivialLevel(data: DataFacts, metrics: Record<string, number>, o: UnderfittingOptions): { byLoss: boolean; byAccuracy: boolean } {
  const { trivialLoss, chanceAccuracy } = data;
  const { loss, accuracy } = metrics;
  const byLoss = trivialLoss !== undefined && trivialLoss > 0 && Number.isFinite(loss) && loss >= (1 - o.trivialLossMargin) * trivialLoss;
  const chanceLimit = chanceAccuracy === undefined ? NaN : chanceAccuracy + Math.max(0.02, o.chanceMargin * (1 - chanceAccuracy));
  // A loss clearly below the trivial one means the model is learning even if the majority class still wins the argmax.
  const learning = trivialLoss !== undefined && Number.isFinite(loss) && loss < 0.7 * trivialLoss;
  const byAccuracy = Number.isFinite(accuracy) && accuracy <= chanceLimit && !learning;
  return { byLoss, byAccuracy };
}

const FIX = {
  larger: 'Use a larger model: more units or another hidden layer (check it has non-linear activations between layers)',
  longer: 'Train longer',
  raise: 'Raise the learning rate (e.g. 3–10×), or switch to adam',
  pairing: 'Check the loss matches the output activation and the labels match the outputs',
  regularization: 'Remove excessive regularization (large L2, heavy dropout)',
  lower: 'Lower the learning rate 3–10×: the loss was lower before, so the steps are overshooting',
};
const FIXES = [FIX.larger, FIX.longer, FIX.raise, FIX.pairing, FIX.regularization];
/** The loss had been clearly lower and came back up: a too-high learning rate, not too little capacity. */
const REGRESSED_FIXES = [FIX.lower, FIX.pairing, FIX.larger, FIX.regularization];

export const rule: Rule<UnderfittingOptions> = {
  meta: {
    code: 'underfitting',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Underfitting: the model does no better than a constant prediction',
    docs: [
      'The trivial predictor ignores the inputs and always predicts the class frequencies (cross-entropy) or the mean (regression); its loss is in the data facts. A network stuck at that loss, or at the accuracy of always predicting the most frequent class, has learned nothing from the inputs: too little capacity, too small a learning rate, or a broken setup (wrong loss/activation pairing, dead units, labels that do not match the inputs).',
      'Judged after a warm-up of 20 % of the planned epochs (at least 3 epochs). Fires at the first epoch after the warm-up where, for 3 consecutive epochs, the epoch training loss is ≥ 90 % of the trivial loss (within 10 %), or the training accuracy is ≤ chance + 10 % of the headroom above chance (at least chance + 0.02) while the loss is not clearly below the trivial loss (< 70 % of it). A run stuck from the start is therefore reported at the end of the warm-up, i.e. within the first 20 % of the epochs. If the loss had earlier been ≥ 15 % lower, the message blames a too-high learning rate and the fixes start with lowering it. Not reported once the diverged or oscillating-loss rule has fired (they name the cause).',
      'Most likely fixes: a larger model (more units/layers); train longer; a higher learning rate; check the loss/activation pairing; remove excessive regularization.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { warmupFraction: 0.2, minWarmupEpochs: 3, trivialLossMargin: 0.1, chanceMargin: 0.1, sustainEpochs: 3 },
  },
  check(trace, o) {
    const losses = epochSeries(trace, 'loss');
    const records = sortedEpochs(trace);
    const warmup = Math.max(o.minWarmupEpochs, Math.ceil(o.warmupFraction * plannedEpochs(trace)));
    let run = 0;
    for (let t = 0; t < losses.length; t++) {
      const level = atTrivialLevel(trace.data, records[t].metrics, o);
      run = level.byLoss || level.byAccuracy ? run + 1 : 0;
      if (t + 1 < warmup || run < o.sustainEpochs) continue;
      // A diverged or oscillating run is also "no better than constant"; those rules name the cause.
      // Computed only now (rarely reached), since these scan the whole trace.
      const divergedAt = diverged.check(trace, diverged.meta.defaultOptions)[0]?.epoch;
      const oscillatedAt = firstOscillation(trace, oscillatingLoss.meta.defaultOptions)?.epoch;
      if ((divergedAt !== undefined && divergedAt <= t) || (oscillatedAt !== undefined && oscillatedAt <= t)) return [];
      const lowest = Math.min(...losses.slice(0, t + 1));
      const regressed = lowest <= 0.85 * losses[t];
      const { trivialLoss, chanceAccuracy } = trace.data;
      const accuracy = records[t].metrics.accuracy;
      const parts: string[] = [];
      if (trivialLoss !== undefined) parts.push(`training loss ${fmt(losses[t])} vs ${fmt(trivialLoss)} for a constant prediction (${pct(losses[t] / trivialLoss)} of it)`);
      if (Number.isFinite(accuracy) && chanceAccuracy !== undefined) parts.push(`training accuracy ${fmt(accuracy)} vs chance ${fmt(chanceAccuracy)}`);
      return [{
        code: 'underfitting',
        severity: 'warning',
        message: `After ${t + 1} of ${plannedEpochs(trace)} epochs the model is no better than ignoring its inputs: ${parts.join('; ')}, for ${run} epochs in a row.${regressed ? ` The loss had been lower (${fmt(lowest)}), so the learning rate is probably too high.` : ''}`,
        target: { kind: 'config', key: 'model' },
        epoch: t,
        step: lastStepOf(trace, t),
        evidence: {
          trainLoss: round(losses[t]), ...(trivialLoss !== undefined ? { trivialLoss: round(trivialLoss), lossRatio: round(losses[t] / trivialLoss, 3) } : {}),
          ...(Number.isFinite(accuracy) ? { accuracy: round(accuracy) } : {}), ...(chanceAccuracy !== undefined ? { chanceAccuracy: round(chanceAccuracy) } : {}),
          byLoss: level.byLoss, byAccuracy: level.byAccuracy, epochsAtTrivialLevel: run, warmupEpochs: warmup, regressed, lowestLoss: round(lowest),
        },
        fixes: regressed ? REGRESSED_FIXES : FIXES,
      }];
    }
    return [];
  },
};
