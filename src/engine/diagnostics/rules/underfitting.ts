// underfitting: after a warm-up the training loss is still at the level of a constant prediction
// (or the accuracy at chance): the model has learned nothing from the inputs.
import type { DataFacts, Finding, Rule, TraceLayer, TrainingTrace } from '../types';
import { epochSeries, fmt, lastStepOf, pct, plannedEpochs, round, sortedEpochs } from './curveStats';
import { rule as diverged } from './diverged';
import { outputLayerOf } from './loss-activation-mismatch';
import { undersizedInitializer } from './stats';
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
  labels: 'Check that the labels belong to their rows: features and labels shuffled or split apart, read from different files, or a wrong label column leave nothing to learn but noise',
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
      'Judged after a warm-up of 20 % of the planned epochs (at least 3 epochs). Fires at the first epoch after the warm-up where, for 3 consecutive epochs, the epoch training loss is ≥ 90 % of the trivial loss (within 10 %), or the training accuracy is ≤ chance + 10 % of the headroom above chance (at least chance + 0.02) while the loss is not clearly below the trivial loss (< 70 % of it). A run stuck from the start is therefore reported at the end of the warm-up, i.e. within the first 20 % of the epochs. If the loss had earlier been ≥ 15 % lower, the message blames a too-high learning rate, the finding points at the learning rate and the fixes start with lowering it. Not reported once the diverged or oscillating-loss rule has fired (they name the cause). The same test on the validation metrics (validation accuracy at chance, as above; without an accuracy metric, validation loss ≥ 90 % of the constant-prediction loss), after the same warm-up and for 3 epochs in a row, while the training metrics are not at that level, reports that nothing learned carries over to new data: when the training loss is by then below 70 % of the constant-prediction loss, the model is memorizing labels that do not follow from the features (shuffled or misaligned rows, a wrong label column), and the finding points at the data; otherwise something its training metrics hide cripples it (heavy dropout or regularization). When a layer drops ≥ 70 % of its inputs while training (a Dropout rate, or an RNN\'s dropout/recurrentDropout), the finding points at that layer\'s rate and its first fix is a lower rate; else, when a layer\'s kernel carries an L2 penalty ≥ 0.05, at that penalty (the layer with the largest); else, when the optimizer\'s decoupled weight decay takes ≥ 0.1 % of every weight per step (learning rate × weightDecay), at the optimizer; else, when a hidden layer\'s kernel or recurrent kernel starts at under a quarter of Glorot\'s scale (RMS against √(2 / (fan-in + fan-out))), at that initializer; else, when the batch holds the whole training split and the run makes fewer than 200 updates in all, at the batch size. A model that later leaves that level for the last 3 epochs of the run has the finding marked resolved, from the epoch it left.',
      'Most likely fixes: a larger model (more units/layers); train longer; a higher learning rate; check the loss/activation pairing; remove excessive regularization.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { warmupFraction: 0.2, minWarmupEpochs: 3, trivialLossMargin: 0.1, chanceMargin: 0.1, sustainEpochs: 3 },
  },
  check(trace, o) {
    const onTraining = trainingAtChance(trace, o);
    return (onTraining ? [onTraining] : validationAtChance(trace, o)).map((f) => blameConfiguration(trace, f));
  },
  resolve(trace, finding, o) {
    // The model left the constant-prediction level and stayed off it to the end (a recurrent net's early plateau).
    const split = finding.evidence.split === 'validation' ? 'validation' : 'training';
    const records = sortedEpochs(trace);
    const start = finding.epoch ?? 0;
    let lastStuck = -1;
    for (let t = start; t < records.length; t++) if (stuckOn(split, trace.data, records[t].metrics, o)) lastStuck = t;
    const from = lastStuck + 1;
    if (lastStuck < start || records.length - from < o.sustainEpochs) return undefined;
    return { epoch: records[from].epoch, step: lastStepOf(trace, records[from].epoch) };
  },
};

/** The layer with the largest `amount`, when it is at least `threshold`. */
function heaviest(trace: TrainingTrace, amount: (layer: TraceLayer) => number | undefined, threshold: number): TraceLayer | undefined {
  let worst: TraceLayer | undefined;
  for (const l of trace.layers) if ((amount(l) ?? 0) >= threshold && (amount(l) ?? 0) > (worst ? amount(worst) ?? 0 : 0)) worst = l;
  return worst;
}

/** A hidden layer (not the output, which some models start small on purpose) whose weights start far too small. */
function undersizedHiddenLayer(trace: TrainingTrace): { layer: TraceLayer; init: NonNullable<ReturnType<typeof undersizedInitializer>> } | undefined {
  const output = outputLayerOf(trace)?.layer.name;
  for (const layer of [...trace.layers].sort((a, b) => a.index - b.index)) {
    const init = layer.name === output ? undefined : undersizedInitializer(layer);
    if (init) return { layer, init };
  }
  return undefined;
}

/** Dropping ≥ 70 % of a layer's inputs cripples training. */
const HEAVY_DROPOUT = 0.7;
/** Decoupled weight decay taking ≥ 0.1 % of every weight per step (lr·λ; AdamW's usual 1e-3 × 1e-2 takes 0.001 %). */
const HEAVY_DECAY_PER_STEP = 1e-3;
/** An L2 kernel penalty ≥ 0.05 (Keras' example value is 0.01; most models use 1e-4–1e-2). */
const HEAVY_L2 = 0.05;
/** A full-batch run this short makes too few updates to learn anything. */
const FEW_UPDATES = 200;

/**
 * Points an underfitting finding at the setting that most likely cripples training, when the experiment has one:
 * a heavy dropout layer, a heavy L2 penalty, or a batch so large that the whole run is a handful of updates.
 */
function blameConfiguration(trace: TrainingTrace, finding: Finding): Finding {
  const dropout = heaviest(trace, (l) => l.dropoutRate, HEAVY_DROPOUT);
  if (dropout) {
    const rate = dropout.dropoutRate!;
    return {
      ...finding,
      target: { kind: 'layer', layer: dropout.name, ...(dropout.dropoutOption ? { option: dropout.dropoutOption } : {}) }, layer: dropout.name,
      message: `${finding.message} Layer ${dropout.name} drops ${pct(rate)} of its inputs while training (rate ${rate}): with so little kept, the model cannot fit even its training data. A rate is the share dropped, not kept (TensorFlow 1's keep_prob was the opposite).`,
      evidence: { ...finding.evidence, dropoutLayer: dropout.name, dropoutRate: rate },
      fixes: [`Lower the dropout rate of layer ${dropout.name} to 0.1–0.5 (now ${rate})`, ...finding.fixes.filter((f) => f !== FIX.regularization)],
    };
  }
  const l2 = heaviest(trace, (l) => l.kernelL2, HEAVY_L2);
  if (l2) {
    const penalty = l2.kernelL2!;
    return {
      ...finding,
      target: { kind: 'layer', layer: l2.name, option: 'kernelRegularizer' }, layer: l2.name,
      message: `${finding.message} Layer ${l2.name}'s kernel carries an L2 penalty of ${penalty}: a penalty that heavy outweighs the data loss and pulls the weights towards zero, so the model cannot fit even its training data.`,
      evidence: { ...finding.evidence, l2Layer: l2.name, l2: penalty },
      fixes: [`Lower the L2 penalty of layer ${l2.name} to 1e-4–1e-2 (now ${penalty}), or remove it`, ...finding.fixes.filter((f) => f !== FIX.regularization)],
    };
  }
  const { weightDecay, learningRate } = trace.config;
  const decayPerStep = (weightDecay ?? 0) * learningRate;
  if (decayPerStep >= HEAVY_DECAY_PER_STEP) {
    return {
      ...finding,
      target: { kind: 'config', key: 'optimizer' },
      message: `${finding.message} The optimizer's weight decay (${weightDecay}, at learning rate ${fmt(learningRate)}) shrinks every weight by ${pct(decayPerStep)} each step (w ← w·(1 − lr·λ)), faster than the data can pull them back.`,
      evidence: { ...finding.evidence, weightDecay: weightDecay!, decayPerStep: round(decayPerStep, 6) },
      fixes: [`Lower weightDecay to 1e-4–1e-2 (now ${weightDecay})`, ...finding.fixes.filter((f) => f !== FIX.regularization)],
    };
  }
  const small = undersizedHiddenLayer(trace);
  if (small) {
    const { layer, init } = small;
    return {
      ...finding,
      target: { kind: 'layer', layer: layer.name, option: init.option }, layer: layer.name,
      message: `${finding.message} Layer ${layer.name}'s initial ${init.option === 'recurrentInitializer' ? 'recurrent ' : ''}weights are ${fmt(init.vsGlorot)}× Glorot's scale, the smallest standard one: ${init.option === 'recurrentInitializer' ? 'the state shrinks at every time step' : 'the signal shrinks through it'}, and with it the gradient, so the model starts out unable to learn.`,
      evidence: { ...finding.evidence, undersizedLayer: layer.name, initialVsGlorot: round(init.vsGlorot, 3) },
      fixes: [`Use a standard initializer on layer ${layer.name} (${init.option === 'recurrentInitializer' ? "recurrentInitializer: 'orthogonal', the default" : "the default glorotUniform, or heNormal for ReLU"})`, ...finding.fixes.filter((f) => f !== FIX.larger), FIX.larger],
    };
  }
  const { stepsPerEpoch, epochs, batchSize } = trace.config;
  if (stepsPerEpoch === 1 && epochs * stepsPerEpoch < FEW_UPDATES) {
    return {
      ...finding,
      target: { kind: 'config', key: 'batchSize' },
      message: `${finding.message} The batch (batchSize ${batchSize}) holds the whole training split, so each epoch is a single update: ${epochs} epochs make only ${epochs} steps.`,
      evidence: { ...finding.evidence, batchSize, stepsPerEpoch, plannedSteps: epochs * stepsPerEpoch },
      fixes: ['Use mini-batches (e.g. batchSize 32) so that each epoch makes many updates, or train for many more epochs', ...finding.fixes.filter((f) => f !== FIX.longer)],
    };
  }
  return finding;
}

/** An epoch's validation metrics under the training metrics' names. */
function validationMetrics(m: Record<string, number>): Record<string, number> {
  return { loss: m.val_loss, accuracy: m.val_accuracy };
}

/**
 * An epoch at the constant-prediction level on one split. On validation, with an accuracy it is the direct
 * measure of "nothing carries over": a validation loss near the constant prediction's with an accuracy well above
 * chance is a weak model, not one that learned nothing.
 */
function stuckOn(split: 'training' | 'validation', data: DataFacts, m: Record<string, number>, o: UnderfittingOptions): boolean {
  const level = atTrivialLevel(data, split === 'validation' ? validationMetrics(m) : m, o);
  return split === 'validation' && Number.isFinite(m.val_accuracy) ? level.byAccuracy : level.byLoss || level.byAccuracy;
}

/** Judged only after this many epochs. */
function warmupEpochs(trace: TrainingTrace, o: UnderfittingOptions): number {
  return Math.max(o.minWarmupEpochs, Math.ceil(o.warmupFraction * plannedEpochs(trace)));
}

/** A diverged or oscillating run is also "no better than constant"; those rules name the cause. */
function causeNamedBy(trace: TrainingTrace, t: number): boolean {
  const divergedAt = diverged.check(trace, diverged.meta.defaultOptions)[0]?.epoch;
  const oscillatedAt = firstOscillation(trace, oscillatingLoss.meta.defaultOptions)?.epoch;
  return (divergedAt !== undefined && divergedAt <= t) || (oscillatedAt !== undefined && oscillatedAt <= t);
}

/**
 * Validation no better than a constant prediction while training is not: nothing the model learns carries over
 * to new data. Either the labels do not follow from the features (shuffled, misaligned rows), so the training set
 * can only be memorized, or training itself is crippled in a way its own metrics hide (heavy dropout).
 */
function validationAtChance(trace: TrainingTrace, o: UnderfittingOptions): Finding[] {
  if (!trace.config.hasValidation) return [];
  const records = sortedEpochs(trace);
  const losses = epochSeries(trace, 'loss');
  const warmup = warmupEpochs(trace, o);
  let run = 0;
  for (let t = 0; t < records.length; t++) {
    const m = records[t].metrics;
    run = stuckOn('validation', trace.data, m, o) ? run + 1 : 0;
    if (t + 1 < warmup || run < o.sustainEpochs) continue;
    if (causeNamedBy(trace, t)) return [];
    const { trivialLoss, chanceAccuracy } = trace.data;
    const memorizing = trivialLoss !== undefined && losses[t] < 0.7 * trivialLoss;
    const parts: string[] = [];
    if (trivialLoss !== undefined) parts.push(`validation loss ${fmt(m.val_loss)} vs ${fmt(trivialLoss)} for a constant prediction`);
    if (Number.isFinite(m.val_accuracy) && chanceAccuracy !== undefined) parts.push(`validation accuracy ${fmt(m.val_accuracy)} vs chance ${fmt(chanceAccuracy)}`);
    const training = `training loss ${fmt(losses[t])}${Number.isFinite(m.accuracy) ? `, training accuracy ${fmt(m.accuracy)}` : ''}`;
    return [{
      code: 'underfitting',
      severity: 'warning',
      message: `After ${t + 1} of ${plannedEpochs(trace)} epochs nothing the model learned carries over to new data: ${parts.join('; ')}, for ${run} epochs in a row (${training}). ${memorizing ? 'It fits its training set but the validation set not at all, which is what labels that do not follow from the features look like (rows shuffled apart from their labels, labels from another file or column).' : 'Training is crippled in a way its own metrics hide: heavy dropout or regularization, or labels that do not match the inputs.'}`,
      target: { kind: 'config', key: memorizing ? 'data' : 'model' },
      epoch: t,
      step: lastStepOf(trace, t),
      evidence: {
        split: 'validation', valLoss: round(m.val_loss), ...(trivialLoss !== undefined ? { trivialLoss: round(trivialLoss), valLossRatio: round(m.val_loss / trivialLoss, 3) } : {}),
        ...(Number.isFinite(m.val_accuracy) ? { valAccuracy: round(m.val_accuracy) } : {}), ...(chanceAccuracy !== undefined ? { chanceAccuracy: round(chanceAccuracy) } : {}),
        trainLoss: round(losses[t]), epochsAtTrivialLevel: run, warmupEpochs: warmup, memorizing,
      },
      fixes: memorizing ? [FIX.labels, FIX.regularization, FIX.pairing] : [FIX.regularization, FIX.labels, FIX.pairing],
    }];
  }
  return [];
}

/** The training loss (or accuracy) at the constant-prediction level. */
function trainingAtChance(trace: TrainingTrace, o: UnderfittingOptions): Finding | undefined {
  const losses = epochSeries(trace, 'loss');
  const records = sortedEpochs(trace);
  const warmup = warmupEpochs(trace, o);
  let run = 0;
  for (let t = 0; t < losses.length; t++) {
    run = stuckOn('training', trace.data, records[t].metrics, o) ? run + 1 : 0;
    if (t + 1 < warmup || run < o.sustainEpochs) continue;
    const level = atTrivialLevel(trace.data, records[t].metrics, o);
    // Computed only now (rarely reached), since these scan the whole trace.
    if (causeNamedBy(trace, t)) return undefined;
    const lowest = Math.min(...losses.slice(0, t + 1));
    const regressed = lowest <= 0.85 * losses[t];
    const { trivialLoss, chanceAccuracy } = trace.data;
    const accuracy = records[t].metrics.accuracy;
    const parts: string[] = [];
    if (trivialLoss !== undefined) parts.push(`training loss ${fmt(losses[t])} vs ${fmt(trivialLoss)} for a constant prediction (${pct(losses[t] / trivialLoss)} of it)`);
    if (Number.isFinite(accuracy) && chanceAccuracy !== undefined) parts.push(`training accuracy ${fmt(accuracy)} vs chance ${fmt(chanceAccuracy)}`);
    return {
      code: 'underfitting',
      severity: 'warning',
      message: `After ${t + 1} of ${plannedEpochs(trace)} epochs the model is no better than ignoring its inputs: ${parts.join('; ')}, for ${run} epochs in a row.${regressed ? ` The loss had been lower (${fmt(lowest)}), so the learning rate is probably too high.` : ''}`,
      target: { kind: 'config', key: regressed ? 'learningRate' : 'model' },
      epoch: t,
      step: lastStepOf(trace, t),
      evidence: {
        split: 'training', trainLoss: round(losses[t]), ...(trivialLoss !== undefined ? { trivialLoss: round(trivialLoss), lossRatio: round(losses[t] / trivialLoss, 3) } : {}),
        ...(Number.isFinite(accuracy) ? { accuracy: round(accuracy) } : {}), ...(chanceAccuracy !== undefined ? { chanceAccuracy: round(chanceAccuracy) } : {}),
        byLoss: level.byLoss, byAccuracy: level.byAccuracy, epochsAtTrivialLevel: run, warmupEpochs: warmup, regressed, lowestLoss: round(lowest),
      },
      fixes: regressed ? REGRESSED_FIXES : FIXES,
    };
  }
  return undefined;
}
