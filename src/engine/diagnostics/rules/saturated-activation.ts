// saturated-activation: most outputs of a sigmoid/tanh layer sit at the flat ends, where the gradient is ~0.
import type { Finding, Rule } from '../types';
import { consecutiveRun, fmt, isCrossEntropyLoss, medianUpdateRatioUntil, outputLayer, oversizedInitializer, probeSeries } from './stats';

export interface SaturatedActivationOptions {
  /** Fires when at least this fraction of the layer's outputs are saturated... */
  threshold: number;
  /** ...at this many consecutive probes. */
  consecutive: number;
  /** Saturation that appears during training while the layer's median update ratio is at least this is left to the learning-rate/instability rules. */
  unstableUpdateRatio: number;
}

const FIX = {
  glorot: 'Use Glorot (Xavier) initialization (glorotUniform) for tanh/sigmoid layers.',
  normalize: 'Normalize the inputs to mean 0, std 1.',
  relu: 'Use ReLU (or leaky ReLU) in the hidden layers instead of sigmoid/tanh.',
  bn: 'Add batch normalization before the activation.',
  lr: 'Lower the learning rate: large updates push the pre-activations far from 0.',
};

/** Ordered by what this run shows: raw inputs first when they were not standardized; Glorot only where not used yet. */
function fixesFor(fromStart: boolean, inputsNormalized: boolean, kernelInitializer: string | undefined): string[] {
  const order = !fromStart ? [FIX.lr, FIX.bn, FIX.relu, FIX.glorot, FIX.normalize] : inputsNormalized ? [FIX.glorot, FIX.normalize, FIX.relu, FIX.bn, FIX.lr] : [FIX.normalize, FIX.glorot, FIX.relu, FIX.bn, FIX.lr];
  const withoutNormalize = inputsNormalized ? order.filter((f) => f !== FIX.normalize) : order;
  return /^glorot/.test(kernelInitializer ?? '') ? [...withoutNormalize.filter((f) => f !== FIX.glorot), FIX.glorot] : withoutNormalize;
}

export const rule: Rule<SaturatedActivationOptions> = {
  meta: {
    code: 'saturated-activation',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Saturated activations: most sigmoid/tanh outputs sit at their flat ends',
    docs: [
      'Sigmoid and tanh are flat far from 0: when the pre-activation is large (|z| ≳ 5 for sigmoid, ≳ 3 for tanh) the output is pinned near its limit and the slope is nearly 0, so almost no gradient flows through the unit and the layers before it stop learning. Causes are initial weights too large for the layer\'s width, unnormalized inputs, or updates that push the weights too far.',
      'Measured on the fixed probe batch: the fraction of the layer\'s outputs within 0.01 of the activation\'s limits. Fires when at least 50 % of a sigmoid or tanh layer\'s outputs are saturated at 2 consecutive probes; a healthy layer keeps most outputs in the responsive middle, and two probes in a row rule out one odd measurement. The reported step is the first of those probes. The model\'s output layer is skipped when the model is a classifier (cross-entropy loss or a classification task): confident, saturated outputs are the goal there (softmax outputs are never checked). Any other sigmoid/tanh output layer (e.g. a regression or reconstruction onto [0, 1] targets) counts only when it is saturated from the first probe, before it could have learned to match targets at 0 or 1. If the layer was saturated at the first probe the cause is the initialization or the inputs; if it saturated later, the learning rate; the fixes are ordered accordingly. Saturation that appears during training while every step moves the layer\'s weights by ≥ 1 % of their norm (median update ratio ≥ 0.01, ten times a healthy 1e-3) is the symptom of a far too high learning rate and is left to the rules that report it (diverged, exploding-gradient, the loss-curve rules).',
      'Most likely fixes: Glorot (Xavier) initialization; normalize the inputs; ReLU in the hidden layers; batch normalization; a lower learning rate.',
    ].join('\n\n'),
    fixes: [FIX.glorot, FIX.normalize, FIX.relu, FIX.bn, FIX.lr],
    defaultOptions: { threshold: 0.5, consecutive: 2, unstableUpdateRatio: 0.01 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const findings: Finding[] = [];
    const output = outputLayer(trace);
    const classifier = isCrossEntropyLoss(trace.config.lossName) || trace.data.task === 'classification';
    for (const layer of [...trace.layers].sort((a, b) => a.index - b.index)) {
      if (layer.activationKind !== 'sigmoid' && layer.activationKind !== 'tanh') continue;
      // A classifier's output should become confident (saturated): never a finding there.
      if (layer === output && classifier) continue;
      // Only the probes that measured this layer count toward "consecutive".
      const seen = probeSeries(trace, layer.name, 'saturatedFraction');
      const start = consecutiveRun(seen.map((x) => x.value >= o.threshold), o.consecutive);
      const fromStart = start === 0;
      // Other outputs may legitimately learn to sit at 0/1 targets: only a saturated start counts there.
      if (start < 0 || (layer === output && !fromStart)) continue;
      const { probe, value: saturated } = seen[start];
      // Saturation that a far too high learning rate produces (steps of ≥ 1 % of the weights) is that rate's symptom.
      if (!fromStart && medianUpdateRatioUntil(trace, layer.name, probe.globalStep) >= o.unstableUpdateRatio) continue;
      const latest = seen[seen.length - 1].value;
      findings.push({
        code: 'saturated-activation', severity: 'warning', target: { kind: 'layer', layer: layer.name, option: (fromStart ? oversizedInitializer(layer)?.option : undefined) ?? 'activation' }, layer: layer.name,
        epoch: probe.epoch, step: probe.globalStep,
        message: `${fmt(saturated * 100)} % of the outputs of ${layer.activationKind} layer ${layer.name} are saturated (pinned at the flat ends, gradient ≈ 0) from step ${probe.globalStep} (epoch ${probe.epoch + 1}), at ${o.consecutive}+ consecutive probes (latest ${fmt(latest * 100)} %). ${fromStart ? 'It was saturated from the first probe, which points at the initialization or unnormalized inputs.' : 'It saturated during training, which points at a too-high learning rate.'}`,
        evidence: {
          saturatedFraction: saturated, latestSaturatedFraction: latest, firstProbeSaturatedFraction: seen[0].value, saturatedFromStart: fromStart,
          threshold: o.threshold, activation: layer.activationKind, kernelInitializer: layer.initializers.kernel ?? 'unknown', inputsNormalized: trace.data.normalized,
        },
        fixes: fixesFor(fromStart, trace.data.normalized, layer.initializers.kernel),
      });
    }
    return findings;
  },
};
