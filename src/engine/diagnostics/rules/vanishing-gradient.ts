// vanishing-gradient: the early layers get a gradient orders of magnitude smaller than the last one and stop learning.
import type { Finding, Rule, TraceLayer } from '../types';
import { fmt, gradientRms, maxUpdateRatio, median, safeRatio, sustainedStart, sustainWindow, trainableLayers, undersizedInitializer } from './stats';

export interface VanishingGradientOptions {
  /** Fires when a layer's per-parameter gradient RMS is at most this fraction of the last layer's... */
  ratio: number;
  /** ...and its weights' update ratio ‖Δw‖/‖w‖ is below this... */
  maxUpdateRatio: number;
  /** ...in at least `minFraction` of a window of max(windowSteps, one epoch) steps (capped at 10 % of the run). */
  windowSteps: number;
  minFraction: number;
  /**
   * Under any optimizer: a layer at least this many trainable layers from the output (counting both ends) whose
   * gradient is at most `ratio` of the last layer's, with the gradient shrinking layer by layer on the way down...
   */
  minDepth: number;
  /** ...in at least this fraction of the consecutive layer pairs between them, by at least this factor per layer on average... */
  minShrinkingPairs: number;
  maxFactorPerLayer: number;
  /** ...to at most this fraction of the last layer's gradient (the depth profile's own bound, instead of `ratio`). */
  depthRatio: number;
}

const FIXES = [
  'Use ReLU (or leaky ReLU / ELU) instead of sigmoid or tanh in the hidden layers.',
  'Use He initialization (heNormal) for ReLU layers.',
  'Add batch normalization between the layers.',
  'Add residual (skip) connections, or use fewer layers.',
  'Raise the learning rate only if every layer\'s updates are tiny, not just the early ones.',
];

/** The option to edit: weights that start far too small, else a squashing activation. */
function culpritOption(layer: TraceLayer): { option?: string } {
  const undersized = undersizedInitializer(layer);
  if (undersized) return { option: undersized.option };
  if (layer.activationKind === 'sigmoid' || layer.activationKind === 'tanh') return { option: 'activation' };
  return {};
}

export const rule: Rule<VanishingGradientOptions> = {
  meta: {
    code: 'vanishing-gradient',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Vanishing gradients: the early layers receive almost no gradient and stop learning',
    docs: [
      'Backpropagation multiplies the gradient by each layer\'s weights and activation slope on its way back to the input. Sigmoid and tanh have slopes ≤ 0.25 and ≤ 1 (near 0 when saturated), so in a deep stack the gradient shrinks geometrically and the first layers stop learning while the last one still does. The layer named is the one where it is seen first (if several at once, the earliest in the model, usually the first layer).',
      'A layer\'s gradient is measured per parameter: the L2 norm of its weight gradients (not biases) divided by √(number of weights), so layers of different widths compare fairly. It is compared with the last trainable layer\'s, never with a fixed number, because all gradients shrink naturally as the loss falls.',
      'Fires when an earlier layer\'s per-parameter gradient is non-zero but at most 1/1000 of the last layer\'s, and either its weights move by less than 1e-5 of their norm per step (update ratio; a healthy update is about 1e-3), or — under any optimizer — it is at least 4 trainable layers from the output (counting both), its gradient is at most 1/100 of the last layer\'s, shrinking by a factor of at least 2.5 per layer on average (≤ 0.4 each, geometric mean) through at least 75 % of the consecutive layer pairs in between, with the layer above it already ≤ 1/10 of the last layer\'s (the geometric decay of a deep sigmoid/tanh stack, not one odd layer; a healthy ReLU stack\'s gradients stay within a factor of about 2 per layer), in at least 80 % of the steps of a window of max(20 steps, one epoch), capped at 10 % of the planned steps (at least 5) so a fault present from the start is reported early. The second form is what survives adaptive optimizers: Adam, RMSprop, Adagrad and AdamW divide each gradient by its own running scale, so the update ratios of a starved layer look normal, but its updates follow a gradient that carries almost no signal from the loss. Embedding layers are not judged (most of their rows get no gradient in a step, by design). A gradient of exactly zero is left to unchanged-weights (the layer is cut off, not vanishing). The reported step is the first step of that window.',
      'Most likely fixes, in order: ReLU/leaky ReLU instead of sigmoid/tanh in the hidden layers; He initialization; batch normalization; residual connections or fewer layers; a higher learning rate only if every layer\'s updates are small.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { ratio: 1e-3, maxUpdateRatio: 1e-5, windowSteps: 20, minFraction: 0.8, minDepth: 4, minShrinkingPairs: 0.75, maxFactorPerLayer: 0.4, depthRatio: 1e-2 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const steps = trace.steps;
    const layers = trainableLayers(trace);
    if (layers.length < 2 || steps.length === 0) return [];
    const last = layers[layers.length - 1];
    const window = sustainWindow(trace, Math.max(o.windowSteps, trace.config.stepsPerEpoch || 0));
    // One finding: the layer detected first (ties: the one closest to the input), stable as the trace grows.
    const candidates: { start: number; finding: Finding }[] = [];
    const rmsOf = layers.map((lv) => steps.map((s) => gradientRms(s, lv.weights, lv.weightSize)));
    const lastRms = rmsOf[layers.length - 1];
    /** The gradient shrinks from layer k+1 down to layer k, for most layer pairs from k to the output. */
    const shrinksDownTo = (k: number, t: number) => {
      const span = layers.length - 1 - k;
      const ratio = safeRatio(rmsOf[k][t], lastRms[t]);
      if (!(ratio <= o.depthRatio) || !(ratio ** (1 / span) <= o.maxFactorPerLayer)) return false;
      // Geometric decay, not one odd layer: the layer above is already well below the last one too.
      if (!(safeRatio(rmsOf[k + 1][t], lastRms[t]) <= Math.sqrt(o.depthRatio))) return false;
      let shrinking = 0;
      for (let j = k; j < layers.length - 1; j++) if (rmsOf[j][t] < rmsOf[j + 1][t]) shrinking++;
      return shrinking >= o.minShrinkingPairs * span;
    };
    for (const [k, lv] of layers.slice(0, -1).entries()) {
      if (lv.layer.className === 'Embedding') continue;
      const rms = rmsOf[k];
      const deep = layers.length - k >= o.minDepth;
      const updates = steps.map((s) => maxUpdateRatio(s, lv.weights));
      const flags = steps.map((_, t) => rms[t] > 0 && ((safeRatio(rms[t], lastRms[t]) <= o.ratio && updates[t] < o.maxUpdateRatio) || (deep && shrinksDownTo(k, t))));
      const start = sustainedStart(flags, window, o.minFraction);
      if (start < 0) continue;
      const s = steps[start];
      const w = { rms: median(rms.slice(start, start + window)), last: median(lastRms.slice(start, start + window)), update: median(updates.slice(start, start + window)) };
      const ratio = safeRatio(w.rms, w.last);
      candidates.push({ start, finding: {
        code: 'vanishing-gradient', severity: 'warning', target: { kind: 'layer', layer: lv.layer.name, ...culpritOption(lv.layer) }, layer: lv.layer.name,
        epoch: s.epoch, step: s.globalStep,
        message: `The gradient vanishes before reaching layer ${lv.layer.name}: from step ${s.globalStep} (epoch ${s.epoch + 1}) its median gradient per weight was ${fmt(w.rms)}, ${fmt(1 / ratio)}× smaller than the last layer ${last.layer.name}'s (${fmt(w.last)}), ${w.update < o.maxUpdateRatio ? `and its weights moved only ${fmt(w.update)} of their size per step` : `shrinking layer by layer from the output down (${/^(adam|adamw|adamax|rmsprop|adagrad|adadelta)$/i.test(trace.config.optimizerName) ? `${trace.config.optimizerName} rescales the steps, so the weights still move, but along a gradient that carries almost no signal from the loss` : 'each layer gets a fraction of the gradient of the one after it'})`}, over ${window} steps. This layer is barely learning.`,
        evidence: {
          gradientRms: w.rms, lastLayerRms: w.last, ratio, updateRatio: w.update, lastLayer: last.layer.name, windowSteps: window,
          thresholdRatio: o.ratio, thresholdUpdateRatio: o.maxUpdateRatio, activation: lv.layer.activation ?? 'unknown', initializer: lv.layer.initializers.kernel ?? 'unknown',
        },
        fixes: FIXES,
      } });
    }
    candidates.sort((x, y) => x.start - y.start);
    return candidates.length ? [candidates[0].finding] : [];
  },
};
