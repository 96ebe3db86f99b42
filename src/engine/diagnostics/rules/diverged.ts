// diverged: the loss or the weights went NaN/Inf, or the loss blew up far above where it started.
import type { Finding, FindingTarget, Rule, StepRecord, TrainingTrace } from '../types';
import { consecutiveRun, fmt, isCrossEntropyLoss, median, outputLayer, oversizedInitializer, safeRatio } from './stats';

export interface DivergedOptions {
  /** Fires when the loss exceeds this multiple of its first-epoch median... */
  lossFactor: number;
  /** ...for this many consecutive steps (one spike is not enough). */
  consecutive: number;
  /** The reference is the median of at most this many first-epoch step losses. */
  referenceSteps: number;
  /** Cross-entropy (clipped, so it cannot grow 100×): fires above this multiple of max(first loss, constant-predictor loss)... */
  crossEntropyFactor: number;
  /** ...for this many consecutive steps. */
  crossEntropyConsecutive: number;
}

const FIXES = [
  'Lower the learning rate 10× (e.g. 1e-2 → 1e-3).',
  'Clip gradients: set clipNorm (e.g. 1.0) on the optimizer.',
  'Check the inputs and labels for NaN or Inf values.',
  'Normalize the inputs (and regression targets) to mean 0, std 1.',
  'Use a numerically stable loss: feed logits to a from-logits cross-entropy instead of log(softmax) by hand, or add an epsilon inside log/sqrt/division.',
];

/** Whether a step recorded a NaN/Inf loss, gradient norm or weight norm. */
function isNonFinite(s: StepRecord): boolean {
  return s.nonFinite || !Number.isFinite(s.loss) || s.gradNorm.some((g) => !Number.isFinite(g)) || s.weightNorm.some((w) => !Number.isFinite(w));
}

/** A cross-entropy on an output that is not a probability (no softmax/sigmoid): loss-activation-mismatch explains its NaN. */
function mismatchedOutput(trace: TrainingTrace): boolean {
  const kind = outputLayer(trace)?.activationKind;
  return isCrossEntropyLoss(trace.config.lossName) && kind !== undefined && kind !== 'softmax' && kind !== 'sigmoid';
}

const INIT_FIX = 'Use an initializer matched to the activation (heNormal for ReLU, glorotUniform for tanh/sigmoid, orthogonal for recurrent kernels): weights that start too large make the first outputs and gradients huge.';
const BATCH_FIX = 'Use mini-batches of 16–64 samples: single-sample gradients are as noisy as gradients get, and a learning rate that suits a mini-batch overshoots on them.';

/** A batch this small makes every step a one-or-two-sample gradient. */
const TINY_BATCH = 2;

interface Cause { target: FindingTarget; because: string; fixes: string[]; evidence: Record<string, number | string> }

/**
 * What a divergence after the first step most likely comes from, in the order it is checked: weights that start
 * oversized (the update is not to blame), single-sample batches, else the learning rate.
 */
function divergenceCause(trace: TrainingTrace, learningRate: number): Cause {
  const oversized = trace.layers
    .flatMap((layer) => {
      const init = oversizedInitializer(layer);
      return init ? [{ layer, init }] : [];
    })
    .sort((a, b) => b.init.gain - a.init.gain)[0];
  if (oversized) {
    const { layer, init } = oversized;
    return {
      target: { kind: 'layer', layer: layer.name, option: init.option },
      because: `Layer ${layer.name}'s initial ${init.option === 'recurrentInitializer' ? 'recurrent ' : ''}weights are ${fmt(init.gain)}× the scale their fan-in allows (RMS × √fan-in; He initialization gives 1.4), so the outputs and gradients start huge and the first updates overshoot whatever the learning rate (${fmt(learningRate)}).`,
      fixes: [INIT_FIX, FIXES[1], FIXES[0], FIXES[3]],
      evidence: { cause: 'initialization', causeLayer: layer.name, initialGain: init.gain, oversizedInitializer: init.option },
    };
  }
  const { batchSize, stepsPerEpoch } = trace.config;
  if (batchSize > 0 && batchSize <= TINY_BATCH && stepsPerEpoch > 1) {
    return {
      target: { kind: 'config', key: 'batchSize' },
      because: `Each step follows the gradient of ${batchSize === 1 ? 'a single sample' : `${batchSize} samples`} (batchSize ${batchSize}): gradients that noisy overshoot at a learning rate (${fmt(learningRate)}) that would suit a mini-batch.`,
      fixes: [BATCH_FIX, FIXES[0], FIXES[1]],
      evidence: { cause: 'batch-size', batchSize },
    };
  }
  return { target: { kind: 'config', key: 'learningRate' }, because: `The learning rate (${fmt(learningRate)}) is most likely too high.`, fixes: FIXES, evidence: { cause: 'learning-rate' } };
}

interface Explosion { at: number; reference: number; factor: number; consecutive: number; kind: 'loss-explosion' | 'cross-entropy-ceiling' }

/** The earliest sustained rise of the loss far above where it started, if any. */
function lossExplosion(trace: TrainingTrace, o: DivergedOptions): Explosion | undefined {
  const steps = trace.steps;
  const found: Explosion[] = [];
  const firstEpoch = steps[0].epoch;
  const reference = median(steps.filter((s) => s.epoch === firstEpoch).slice(0, o.referenceSteps).map((s) => s.loss));
  // Only a positive reference makes "100× larger" meaningful (custom losses may be ≤ 0).
  if (reference > 0) {
    const at = consecutiveRun(steps.map((s) => s.loss > o.lossFactor * reference), o.consecutive);
    if (at >= 0) found.push({ at, reference, factor: o.lossFactor, consecutive: o.consecutive, kind: 'loss-explosion' });
  }
  // Cross-entropy is clipped (≈ 16 at most), so divergence shows as a loss pinned far above its start.
  if (isCrossEntropyLoss(trace.config.lossName)) {
    const start = Math.max(Number.isFinite(steps[0].loss) ? steps[0].loss : NaN, trace.data.trivialLoss ?? 0);
    if (start > 0) {
      const at = consecutiveRun(steps.map((s) => s.loss > o.crossEntropyFactor * start), o.crossEntropyConsecutive);
      if (at >= 0) found.push({ at, reference: start, factor: o.crossEntropyFactor, consecutive: o.crossEntropyConsecutive, kind: 'cross-entropy-ceiling' });
    }
  }
  return found.sort((a, b) => a.at - b.at)[0];
}

export const rule: Rule<DivergedOptions> = {
  meta: {
    code: 'diverged',
    defaultSeverity: 'error',
    phase: 'training',
    title: 'Training diverged: the loss or the weights became NaN/Inf or the loss exploded',
    docs: [
      'Training has diverged: the optimizer is taking steps so large that the loss climbs instead of falling, until numbers overflow to Inf and then NaN, or (for a classifier) until the model is confidently wrong on almost every sample. Once a weight is NaN every later step is NaN, so nothing after that point can be learned.',
      'Fires (a) at the first step whose loss is NaN/Inf or whose gradients or weights contain NaN/Inf (the step record flags it), immediately, since a NaN is never noise; or (b) when the step loss exceeds 100× the reference loss for 3 consecutive steps. The reference is the median of the first 5 step losses of the first epoch: the median so one odd batch does not move it, the start of training because an untrained model\'s loss is where a healthy run is highest, and only the first 5 steps so a run that diverges from the very first step has not already inflated it. 100× is far outside anything a healthy run does (a healthy loss falls, and batch noise is a few tens of percent), and 3 steps in a row rules out a single bad batch; or (c) for a cross-entropy loss, which is clipped (at most about 16) and so cannot grow 100×: when the loss stays above 4× the larger of its first step\'s value and the constant-predictor loss (always predicting the class frequencies) for 5 consecutive steps: the model has become far worse than guessing, confidently wrong on most samples. The reported step is the first step of that run.',
      'A NaN already at the very first step cannot come from a too-large update: the finding then points at the data and suspects the data and the loss first. If the loss is a cross-entropy on an output without softmax/sigmoid, that NaN is left to loss-activation-mismatch, which names the cause.',
      'Most likely fixes, in order: lower the learning rate 10×; clip gradients (clipNorm); check the data for NaN/Inf; normalize inputs and targets; use a numerically stable loss (from-logits cross-entropy, epsilon inside log).',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { lossFactor: 100, consecutive: 3, referenceSteps: 5, crossEntropyFactor: 4, crossEntropyConsecutive: 5 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const steps = trace.steps;
    if (steps.length === 0) return [];
    const nonFiniteAt = steps.findIndex(isNonFinite);
    const explosion = lossExplosion(trace, o);
    const base = { code: 'diverged', severity: 'error' as const, target: { kind: 'config' as const, key: 'learningRate' as const }, fixes: FIXES };

    if (explosion && (nonFiniteAt < 0 || explosion.at < nonFiniteAt)) {
      const s = steps[explosion.at];
      const ratio = safeRatio(s.loss, explosion.reference);
      const of = explosion.kind === 'loss-explosion' ? 'its first-epoch median' : 'where it started (the larger of its first loss and the constant-predictor loss)';
      const cause = divergenceCause(trace, s.learningRate);
      const finding: Finding = {
        ...base, epoch: s.epoch, step: s.globalStep, target: cause.target, fixes: cause.fixes,
        message: `The loss exploded: it rose to ${fmt(s.loss)} at step ${s.globalStep} (epoch ${s.epoch + 1}), ${fmt(ratio)}× ${of} of ${fmt(explosion.reference)}, and stayed above ${explosion.factor}× for ${explosion.consecutive}+ steps. ${cause.because}`,
        evidence: { kind: explosion.kind, loss: s.loss, referenceLoss: explosion.reference, ratio, factor: explosion.factor, consecutive: explosion.consecutive, learningRate: s.learningRate, ...cause.evidence },
      };
      if (nonFiniteAt >= 0) finding.evidence.nonFiniteAtStep = steps[nonFiniteAt].globalStep;
      return [finding];
    }
    if (nonFiniteAt < 0) return [];
    // NaN before any update: not divergence but a broken data/loss; a mismatched output is reported by its own rule.
    const atFirstStep = nonFiniteAt === 0;
    if (atFirstStep && mismatchedOutput(trace)) return [];
    const s = steps[nonFiniteAt];
    const what = Number.isFinite(s.loss) ? 'the gradients or weights contain NaN/Inf' : `the loss became ${s.loss}`;
    if (atFirstStep) {
      return [{
        ...base, epoch: s.epoch, step: s.globalStep, target: { kind: 'config', key: 'data' },
        fixes: [FIXES[2], FIXES[4], FIXES[3], FIXES[0], FIXES[1]],
        message: `The very first step (${s.globalStep}) is already non-finite: ${what}. Before any update, this points at NaN/Inf in the data or a numerically unstable loss rather than the learning rate.`,
        evidence: { kind: 'non-finite', atFirstStep, loss: String(s.loss), lossFinite: Number.isFinite(s.loss), learningRate: s.learningRate },
      }];
    }
    const cause = divergenceCause(trace, s.learningRate);
    return [{
      ...base, epoch: s.epoch, step: s.globalStep, target: cause.target, fixes: cause.fixes,
      message: `Training diverged at step ${s.globalStep} (epoch ${s.epoch + 1}): ${what}. Every later step is meaningless. ${cause.because}${cause.evidence.cause === 'learning-rate' ? ' Also check the data for NaN/Inf.' : ''}`,
      evidence: { kind: 'non-finite', atFirstStep, loss: String(s.loss), lossFinite: Number.isFinite(s.loss), learningRate: s.learningRate, ...cause.evidence },
    }];
  },
};
