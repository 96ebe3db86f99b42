// exploding-activations: at initialization the layer outputs grow layer after layer (a bad initializer or raw inputs).
import type { LayerActivationStats, ProbeRecord, Rule, TraceLayer, TrainingTrace } from '../types';
import { fmt, inputsLookUnnormalized, isBoundedActivation, oversizedInitializer, safeRatio } from './stats';

export interface ExplodingActivationsOptions {
  /** Fires when the output RMS grows by at least this factor per layer... */
  growthPerLayer: number;
  /** ...over this many successive weighted layers, ending at an RMS of at least `minGrownRms`... */
  growthLayers: number;
  minGrownRms: number;
  /** ...or when an unbounded layer's output RMS reaches this... */
  maxRms: number;
  /** ...at this many consecutive probes... */
  consecutiveProbes: number;
  /** ...the first of which is among the first this-many probes (it is an initialization problem). */
  withinFirstProbes: number;
}

const FIXES = [
  'Use an initializer matched to the activation: He (heNormal) for ReLU, Glorot (glorotUniform) for tanh/sigmoid/linear.',
  'Normalize the inputs to mean 0, std 1.',
  'Add batch or layer normalization between the layers.',
  'Use smaller initial weights (e.g. a smaller stddev for randomNormal).',
];

interface Blowup { layer: TraceLayer; stats: LayerActivationStats; previousRms?: number; growth?: number; reason: 'growth' | 'magnitude' }

/** The first layer of this probe where activations blow up, if any. */
function firstBlowup(trace: TrainingTrace, probe: ProbeRecord, o: ExplodingActivationsOptions): Blowup | undefined {
  const byName = new Map(probe.layers.map((a) => [a.layer, a]));
  const ordered = [...trace.layers].sort((a, b) => a.index - b.index).filter((l) => byName.has(l.name));
  // Growth is compared between successive layers with weights: Flatten/Dropout/pooling only pass magnitudes on.
  const weighted = ordered.filter((l) => l.params > 0);
  const rms = weighted.map((l) => byName.get(l.name)!.rms);
  const growth = rms.map((r, j) => (j === 0 ? NaN : safeRatio(r, rms[j - 1])));
  let found: Blowup | undefined;
  for (let j = 1; j + o.growthLayers - 1 < weighted.length && !found; j++) {
    const end = j + o.growthLayers - 1;
    if (growth.slice(j, end + 1).every((g) => g >= o.growthPerLayer) && rms[end] >= o.minGrownRms) {
      found = { layer: weighted[j], stats: byName.get(weighted[j].name)!, previousRms: rms[j - 1], growth: growth[j], reason: 'growth' };
    }
  }
  // Bounded outputs (sigmoid/tanh/softmax) cannot blow up; their inputs doing so shows as saturation instead.
  // A huge first layer fed raw, unscaled inputs is the inputs' fault: unnormalized-inputs reports that.
  const rawInputs = inputsLookUnnormalized(trace.data);
  const huge = ordered.find((l) => !isBoundedActivation(l.activationKind) && byName.get(l.name)!.rms >= o.maxRms && !(rawInputs && l === weighted[0]));
  if (huge && (!found || huge.index < found.layer.index)) found = { layer: huge, stats: byName.get(huge.name)!, reason: 'magnitude' };
  return found;
}

export const rule: Rule<ExplodingActivationsOptions> = {
  meta: {
    code: 'exploding-activations',
    defaultSeverity: 'warning',
    phase: 'training',
    title: 'Exploding activations: layer outputs grow by orders of magnitude through the network at initialization',
    docs: [
      'Each layer multiplies its input by its weights. If the initial weights are too large for the layer\'s width (e.g. randomNormal with stddev 1 on a 128-wide ReLU layer) every layer amplifies the signal ~8× (√(width/2)) and the outputs of deep layers become huge; gradients follow, and the loss soon overflows. The same happens when raw, unnormalized inputs (values in the thousands) enter the first layer. The layer named is the first one where the growth starts; the evidence shows its initializer.',
      'Measured on the fixed probe batch: the RMS (root mean square) of each layer\'s output. Fires when, at 2 consecutive probes the first of which is among the first 3 probes, either (a) the RMS grows by ≥ 4× per layer over 2 successive layers with weights (≥ 16× in total) and reaches ≥ 30 (so that tiny, nearly-dead signals growing do not count; layers without weights such as Flatten or Dropout are skipped), or (b) some layer\'s output RMS is ≥ 1000. Sigmoid, tanh and softmax outputs are bounded and so are excluded from (b), and so is the first layer when the raw inputs are far from unit scale (|mean| or std above 10, not standardized): that is reported by unnormalized-inputs. Only the first probes are used because this is a property of the initialization (a later blow-up is a learning-rate problem, reported by diverged/exploding-gradient). A well-initialized network keeps the RMS near 1 from layer to layer (in our healthy sample runs every layer-to-layer ratio is between 0.1 and 1.7 and every RMS below 1.4), so 4× per layer twice up to 30, or 1000, is far outside healthy variation, while an RMS of 30 already pins a softmax or sigmoid that follows; requiring 2 probes avoids reacting to one odd measurement.',
      'Most likely fixes, in order: an initializer that matches the activation (He for ReLU, Glorot for tanh/sigmoid/linear); normalize the inputs; batch or layer normalization; smaller initial weights.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { growthPerLayer: 4, growthLayers: 2, minGrownRms: 30, maxRms: 1e3, consecutiveProbes: 2, withinFirstProbes: 3 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const probes = trace.probes;
    const need = Math.max(1, o.consecutiveProbes);
    for (let p = 0; p < o.withinFirstProbes && p + need <= probes.length; p++) {
      const hits = probes.slice(p, p + need).map((probe) => firstBlowup(trace, probe, o));
      if (hits.some((h) => !h)) continue;
      const hit = hits[0]!;
      const probe = probes[p];
      const init = hit.layer.initializers.kernel ?? Object.values(hit.layer.initializers)[0] ?? 'unknown';
      const how = hit.reason === 'growth'
        ? `its output RMS is ${fmt(hit.stats.rms)}, ${fmt(hit.growth!)}× the previous layer's (${fmt(hit.previousRms!)}), and the growth continues in the next layer`
        : `its output RMS is ${fmt(hit.stats.rms)} (max |value| ${fmt(hit.stats.maxAbs)})`;
      return [{
        code: 'exploding-activations', severity: 'warning', target: { kind: 'layer', layer: hit.layer.name, option: oversizedInitializer(hit.layer)?.option ?? 'kernelInitializer' }, layer: hit.layer.name,
        epoch: probe.epoch, step: probe.globalStep,
        message: `Activations explode from layer ${hit.layer.name} on: at step ${probe.globalStep} ${how}, at ${need} consecutive probes. Its kernel initializer is ${init}; the initial weights are too large for its width, or the inputs are not normalized.`,
        evidence: {
          reason: hit.reason, rms: hit.stats.rms, maxAbs: hit.stats.maxAbs, ...(hit.growth !== undefined ? { growth: hit.growth, previousRms: hit.previousRms! } : {}),
          initializer: init, initializers: Object.entries(hit.layer.initializers).map(([k, v]) => `${k}: ${v}`).join(', '),
          activation: hit.layer.activation ?? 'unknown', growthPerLayer: o.growthPerLayer, maxRms: o.maxRms, probes: need,
        },
        fixes: FIXES,
      }];
    }
    return [];
  },
};
