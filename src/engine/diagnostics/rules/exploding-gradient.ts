// exploding-gradient: a layer's weight gradient grows far beyond its early size and stays there (not one spike).
import type { Finding, Rule, StepRecord } from '../types';
import { learningRateAboveRange } from './learning-rate-range';
import { fmt, gradientRms, maxFinite, median, oversizedInitializer, safeRatio, sustainedStart, trainableLayers, type LayerVariables } from './stats';

export interface ExplodingGradientOptions {
  /** A step counts when the layer's gradient (RMS per weight, or its largest entry) is this multiple of its early median... */
  growthFactor: number;
  /** ...and that RMS is at least `minRms` (or that largest entry at least `minMaxAbs`), so growth from ~0 does not count... */
  minRms: number;
  minMaxAbs: number;
  /** ...or, whatever its history, when the RMS per weight reaches `maxRms`. */
  maxRms: number;
  /** Fires when at least `minFraction` of a `window`-step window count (0.6 of 5: the window's median). */
  window: number;
  minFraction: number;
  /** The early median covers the first this-many steps (at most one epoch, never fewer than 5). */
  baselineSteps: number;
  /** Growth does not count while the step loss (median of the window) is at most this fraction of its early median: that is learning. */
  learningLossFraction: number;
}

const FIXES = [
  'Clip gradients: set clipNorm (e.g. 1.0) on the optimizer.',
  'Lower the learning rate (e.g. 10×).',
  'Add batch normalization between the layers.',
  'Use an initializer matched to the activation: He (heNormal) for ReLU, Glorot (glorotUniform) for tanh/sigmoid.',
];

const RECURRENT_INIT_FIX = "Use an orthogonal recurrent initializer (recurrentInitializer: 'orthogonal', the default): its gain of 1 neither grows nor shrinks the state from step to step.";

/** The layer's largest gradient entry at one step (NaN if missing). */
function gradientMaxAbs(s: StepRecord, lv: LayerVariables): number {
  return maxFinite(lv.weights.map((i) => s.gradMaxAbs[i] ?? NaN));
}

export const rule: Rule<ExplodingGradientOptions> = {
  meta: {
    code: 'exploding-gradient',
    defaultSeverity: 'error',
    phase: 'training',
    title: 'Exploding gradients: a layer\'s gradient grows by more than an order of magnitude and stays there',
    docs: [
      'Backpropagation multiplies the gradient by every layer\'s weights on its way to the input. When those products are larger than 1, or the updates are so large that the weights keep growing, the gradient grows step after step, the updates overshoot, units die or saturate, and training often ends in a NaN loss. The layer named is the one where it is seen first (if several at once, the one closest to the input).',
      'Embedding layers are not judged: their gradient reaches only the rows of the ids in a batch and starts near zero until the layers after them learn, so its growth is learning, and a real explosion shows on those layers. A layer\'s gradient is measured on its weights (kernels, not biases, whose norms are tiny and noisy) two ways: the RMS per weight (L2 norm / √number of weights, so wide and narrow layers compare fairly) and the largest entry |g|max (explosions are often spiky: a few weights get huge gradients). Each is compared with its own early median over the first 5 steps: short, so that a gradient that grows from the very first step (a learning rate above the stability limit) has not already inflated it.',
      'Fires when, in at least 3 of 5 consecutive steps (so the median of those 5 steps, never a single spike), the RMS is ≥ 20× its early median and ≥ 0.1, or |g|max is ≥ 20× its early median and ≥ 1, or the RMS is ≥ 1000 whatever its history. Growth does not count at steps where the loss (median of the last 5 step losses) has fallen to half its early median or below: a deep network leaving its flat start grows its gradients 20× and more while its loss drops, which is learning; an explosion goes with a loss that does not fall (or rises, or becomes NaN). Healthy runs see the 5-step median gradient rise at most 3–10× (in our sample runs at most 3×), so 20× is well outside them; the floors (a healthy per-weight gradient is about 1e-4 to 1e-2) stop a gradient that merely leaves a flat start or a plateau from counting; an RMS of 1000 per weight is beyond any healthy network. The reported step is the first counted step of that window.',
      'Where it points: at the layer\'s initializer when its initial weights are oversized (RMS × √fan-in ≥ 3, or ≥ 2 for a recurrent kernel; the initializer fix comes first); else at the learning rate when it is above the usual range for the optimizer (see learning-rate-range; lowering it comes first); else at the layer.',
      'Most likely fixes, in order: gradient clipping (clipNorm), a lower learning rate, batch normalization, an initializer that matches the activation (He for ReLU, Glorot for tanh/sigmoid).',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { growthFactor: 20, minRms: 0.1, minMaxAbs: 1, maxRms: 1e3, window: 5, minFraction: 0.6, baselineSteps: 5, learningLossFraction: 0.5 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const steps = trace.steps;
    if (steps.length === 0) return [];
    const baselineSteps = Math.max(5, Math.min(o.baselineSteps, trace.config.stepsPerEpoch || o.baselineSteps));
    // One finding: the layer detected first (ties: the one closest to the input), stable as the trace grows.
    const candidates: { start: number; finding: Finding }[] = [];
    // The step loss, smoothed over the same window: where the loss stood when the gradient grew.
    const rawLoss = steps.map((s) => s.loss);
    const stepLoss = rawLoss.map((_, t) => median(rawLoss.slice(Math.max(0, t - o.window + 1), t + 1)));
    const baseLoss = median(rawLoss.slice(0, baselineSteps));
    for (const lv of trainableLayers(trace)) {
      // An Embedding's gradient reaches only the rows of the ids in the batch and starts near zero until the
      // layers after it learn: its growth is that learning, not an explosion (one that is shows on those layers).
      if (lv.layer.className === 'Embedding') continue;
      const rms = steps.map((s) => gradientRms(s, lv.weights, lv.weightSize));
      const maxAbs = steps.map((s) => gradientMaxAbs(s, lv));
      const baseRms = median(rms.slice(0, baselineSteps));
      const baseMax = median(maxAbs.slice(0, baselineSteps));
      // Inf counts as exploded; NaN (already diverged) does not: the diverged rule reports that.
      const grownRms = (t: number) => baseRms > 0 && rms[t] >= o.minRms && rms[t] >= o.growthFactor * baseRms;
      const grownMax = (t: number) => baseMax > 0 && maxAbs[t] >= o.minMaxAbs && maxAbs[t] >= o.growthFactor * baseMax;
      // Growth while the loss falls well below where it started is a network leaving its flat start (a deep ReLU
      // stack under momentum): learning, not an explosion. Loss that is no longer finite still counts.
      const learning = (t: number) => Number.isFinite(stepLoss[t]) && stepLoss[t] <= o.learningLossFraction * baseLoss;
      const flags = steps.map((_, t) => rms[t] >= o.maxRms || ((grownRms(t) || grownMax(t)) && !learning(t)));
      const start = sustainedStart(flags, o.window, o.minFraction);
      if (start < 0) continue;
      const s = steps[start];
      const windowRms = median(rms.slice(start, start + o.window));
      const windowMax = median(maxAbs.slice(start, start + o.window));
      const growthRms = safeRatio(windowRms, baseRms);
      const growthMax = safeRatio(windowMax, baseMax);
      const how = rms[start] >= o.maxRms
        ? `its gradient RMS per weight reached ${fmt(rms[start])}, above the absolute bound of ${fmt(o.maxRms)}`
        : `its gradient grew to ${fmt(growthRms)}× its early size per weight (RMS ${fmt(baseRms)} → ${fmt(windowRms)}) and its largest entry to ${fmt(growthMax)}× (${fmt(baseMax)} → ${fmt(windowMax)}), as the median of ${o.window} steps`;
      const num = (x: number) => (Number.isFinite(x) ? x : String(x));
      // Weights that start oversized explode the gradient from the start whatever the learning rate: the initializer is the line to fix.
      const oversized = oversizedInitializer(lv.layer);
      // Else a learning rate far above its optimizer's usual range blows any stack up: the rate is the line to fix.
      const rateTooHigh = !oversized && learningRateAboveRange(trace);
      candidates.push({ start, finding: {
        code: 'exploding-gradient', severity: 'error', target: rateTooHigh ? { kind: 'config', key: 'learningRate' } : { kind: 'layer', layer: lv.layer.name, ...(oversized ? { option: oversized.option } : {}) }, layer: lv.layer.name,
        epoch: s.epoch, step: s.globalStep,
        message: `The gradient of layer ${lv.layer.name} exploded from step ${s.globalStep} (epoch ${s.epoch + 1}): ${how}. ${oversized ? `Its initial ${oversized.option === 'recurrentInitializer' ? 'recurrent ' : ''}weights are ${fmt(oversized.gain)}× the scale their fan-in allows (RMS × √fan-in; He initialization gives 1.4), so every step through it multiplies the gradient. ` : ''}The learning rate is ${fmt(s.learningRate)}${rateTooHigh ? `, above the usual range for ${trace.config.optimizerName}` : ''}.`,
        evidence: {
          gradientRms: num(windowRms), baselineRms: num(baseRms), growthRms: num(growthRms),
          gradientMaxAbs: num(windowMax), baselineMaxAbs: num(baseMax), growthMaxAbs: num(growthMax),
          growthFactor: o.growthFactor, maxRms: o.maxRms, window: o.window,
          learningRate: s.learningRate, initializer: lv.layer.initializers.kernel ?? 'unknown',
          ...(oversized ? { initialGain: oversized.gain, oversizedInitializer: oversized.option } : {}),
        },
        fixes: oversized ? [oversized.option === 'recurrentInitializer' ? RECURRENT_INIT_FIX : FIXES[3], FIXES[0], FIXES[2], FIXES[1]] : rateTooHigh ? [FIXES[1], FIXES[0], FIXES[2], FIXES[3]] : FIXES,
      } });
    }
    candidates.sort((x, y) => x.start - y.start);
    return candidates.length ? [candidates[0].finding] : [];
  },
};
