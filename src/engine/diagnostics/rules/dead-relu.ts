// dead-relu: most units of a ReLU layer output 0 for every probe sample, so they get no gradient and never recover.
import type { Finding, Rule } from '../types';
import { consecutiveRun, fmt, inputsLookUnnormalized, kernelStartsAtZero, medianUpdateRatioUntil, probeSeries } from './stats';

export interface DeadReluOptions {
  /** Fires when at least this fraction of the layer's units are dead... */
  threshold: number;
  /** ...at this many consecutive probes. */
  consecutive: number;
  /** Units that die during training while the layer's median update ratio is at least this are left to the learning-rate/instability rules. */
  unstableUpdateRatio: number;
  /** A layer whose outputs are this share exact zeros counts as dead at that share, whichever units are left (a convolution's channel lives if one position of one sample is positive). */
  zeroOutputs: number;
}

const FIX = {
  he: 'Use He initialization (heNormal) for the ReLU layers.',
  leaky: 'Use leaky ReLU or ELU, which keep a small gradient for negative inputs.',
  lr: 'Lower the learning rate: a too-large step pushes units into the always-negative region.',
  bias: 'Do not initialize biases negative (use zeros, or a small positive constant like 0.01).',
  bn: 'Add batch normalization before the activation.',
};

/** Ordered by what this layer shows: a negative bias start first, He init only where it is not used yet. */
function fixesFor(fromStart: boolean, initializers: Record<string, string>): string[] {
  const negativeBias = /^constant\(-/.test(initializers.bias ?? '');
  const usesHe = /^he/.test(initializers.kernel ?? '');
  const order = fromStart ? (negativeBias ? [FIX.bias, FIX.he, FIX.leaky, FIX.bn, FIX.lr] : [FIX.he, FIX.bias, FIX.leaky, FIX.bn, FIX.lr]) : [FIX.lr, FIX.leaky, FIX.he, FIX.bn, FIX.bias];
  // Recommending what the layer already does is noise: move it last.
  return usesHe ? [...order.filter((f) => f !== FIX.he), FIX.he] : order;
}

export const rule: Rule<DeadReluOptions> = {
  meta: {
    code: 'dead-relu',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Dying ReLU: most units of a ReLU layer output zero for every input',
    docs: [
      'A ReLU unit whose input is negative for every sample outputs 0 and has gradient 0, so no update can revive it: it is dead, and the layer loses that capacity. Units die from a bad start (negative biases, badly scaled initial weights) or from a too-large update that pushes the weights into the always-negative region.',
      'Measured on the fixed probe batch: the fraction of the layer\'s units whose output is ≤ 0 for every probe sample. Fires when at least 50 % of a ReLU-family layer\'s units are dead at 2 consecutive probes; a layer whose outputs are ≥ 97 % exact zeros counts as dead at that share even when a few units still fire somewhere (a convolution\'s channel counts as alive if a single position of a single sample is positive). Healthy ReLU layers commonly have 10–30 % dead units, so 50 % is well above normal; two probes in a row rule out one unlucky measurement. The reported step is the first of those probes. If the layer was already dead at the first probe the cause is the initialization; if it died later, the learning rate; the fixes are ordered accordingly. Two root causes are left to the rules that name them: units dead from the start while the raw inputs are far from unit scale (|mean| or std above 10, not standardized) are reported by unnormalized-inputs, and units that die while every step moves the layer\'s weights by ≥ 1 % of their norm (median update ratio ≥ 0.01, ten times a healthy 1e-3) are the symptom of a far too high learning rate, reported by exploding-gradient, diverged or the loss-curve rules.',
      'A layer whose kernel is initialized to zeros is left to unchanged-weights: its units output zero because its weights are zero, and that rule names the cause.',
      'Most likely fixes: He initialization; leaky ReLU or ELU; a lower learning rate; biases not initialized negative; batch normalization.',
    ].join('\n\n'),
    fixes: [FIX.he, FIX.leaky, FIX.lr, FIX.bias, FIX.bn],
    defaultOptions: { threshold: 0.5, consecutive: 2, unstableUpdateRatio: 0.01, zeroOutputs: 0.97 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const findings: Finding[] = [];
    for (const layer of [...trace.layers].sort((a, b) => a.index - b.index)) {
      if (layer.activationKind !== 'relu-family') continue;
      // All-zero weights output zero by construction: unchanged-weights names that cause.
      if (kernelStartsAtZero(layer)) continue;
      // Only the probes that measured this layer count toward "consecutive".
      // Nearly all outputs exactly zero is a dead layer too, even if a few units fire somewhere.
      const zeros = new Map(probeSeries(trace, layer.name, 'zeroFraction').map((x) => [x.probe, x.value]));
      const seen = probeSeries(trace, layer.name, 'deadFraction').map((x) => {
        const z = zeros.get(x.probe) ?? 0;
        return z >= o.zeroOutputs && z > x.value ? { ...x, value: z, byZeros: true } : { ...x, byZeros: false };
      });
      const start = consecutiveRun(seen.map((x) => x.value >= o.threshold), o.consecutive);
      if (start < 0) continue;
      const { probe, value: dead } = seen[start];
      const fromStart = start === 0;
      // Root causes reported elsewhere: raw, unscaled inputs (unnormalized-inputs) kill units from the start;
      // steps of ≥ 1 % of the weights (a far too high learning rate: exploding-gradient, oscillation) kill them later.
      if (fromStart && inputsLookUnnormalized(trace.data)) continue;
      if (!fromStart && medianUpdateRatioUntil(trace, layer.name, probe.globalStep) >= o.unstableUpdateRatio) continue;
      const latest = seen[seen.length - 1].value;
      findings.push({
        code: 'dead-relu', severity: 'warning', target: { kind: 'layer', layer: layer.name, ...(fromStart && /^constant\(-/.test(layer.initializers.bias ?? '') ? { option: 'biasInitializer' } : {}) }, layer: layer.name,
        epoch: probe.epoch, step: probe.globalStep,
        message: `${seen[start].byZeros ? `${fmt(dead * 100)} % of the outputs of layer ${layer.name} are exactly 0 (its units are dead for almost every probe sample and position)` : `${fmt(dead * 100)} % of the units of layer ${layer.name} are dead (output 0 for every probe sample)`} from step ${probe.globalStep} (epoch ${probe.epoch + 1}), at ${o.consecutive}+ consecutive probes (latest ${fmt(latest * 100)} %). ${fromStart ? 'They were dead from the first probe, which points at the initialization.' : 'They died during training, which points at a too-high learning rate.'}`,
        evidence: {
          deadFraction: dead, latestDeadFraction: latest, firstProbeDeadFraction: seen[0].value, deadFromStart: fromStart, threshold: o.threshold,
          kernelInitializer: layer.initializers.kernel ?? 'unknown', biasInitializer: layer.initializers.bias ?? 'unknown', learningRate: trace.config.learningRate,
        },
        fixes: fixesFor(fromStart, layer.initializers),
      });
    }
    return findings;
  },
};
