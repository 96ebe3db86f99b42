// unchanged-weights: a trainable layer's weights do not move at all while the rest of the model learns.
import type { Finding, Rule, StepRecord, TrainingTrace } from '../types';
import { consecutiveRun, gradientRms, kernelStartsAtZero, maxFinite, safeRatio, sustainWindow, trainableLayers, type LayerVariables } from './stats';

export interface UnchangedWeightsOptions {
  /** Fires after max(windowSteps, one epoch) consecutive unchanged steps (capped at 10 % of the run, at least 5). */
  windowSteps: number;
  /** An update ratio ‖Δw‖/‖w‖ below this is "no change" (float32 cannot even represent changes below ~1e-7). */
  epsilon: number;
  /** A non-zero gradient this much smaller than the last layer's is left to vanishing-gradient. */
  vanishingRatio: number;
  /** A ReLU layer with this fraction of dead units is left to dead-relu, which names the cause. */
  deadFraction: number;
}

const FIXES = [
  'Check that the layer is connected to the loss: its output must feed, through the model, into the prediction the loss uses.',
  'Check that `trainable` was not set to false on the layer (or the model) by mistake.',
  'Check for dead inputs: if the layer before outputs all zeros (e.g. a fully dead ReLU layer), this layer gets no gradient.',
  'Check the learning rate is not 0 (or so small that the updates round away).',
];

const ZERO_INIT_FIX = 'Use a random initializer for the kernel (heNormal for ReLU layers, the default glorotUniform otherwise): all-zero weights make every unit compute the same thing and, here, pass no gradient back';

/** No movement this step: zero gradient, or an update too small to change the weights. */
function variableStuck(s: StepRecord, i: number, eps: number): boolean {
  const g = s.gradNorm[i];
  const r = s.updateRatio[i];
  return g === 0 || r < eps;
}

function layerStuck(s: StepRecord, lv: LayerVariables, eps: number): boolean {
  return !s.nonFinite && lv.all.every((i) => variableStuck(s, i, eps));
}

/** A dead ReLU layer also stops changing; dead-relu reports it with the right cause. */
function deadAt(trace: TrainingTrace, lv: LayerVariables, lastStep: number, o: UnchangedWeightsOptions): boolean {
  if (lv.layer.activationKind !== 'relu-family') return false;
  const before = trace.probes.filter((p) => p.globalStep <= lastStep);
  const dead = before[before.length - 1]?.layers.find((a) => a.layer === lv.layer.name)?.deadFraction;
  return dead !== undefined && dead >= o.deadFraction;
}

export const rule: Rule<UnchangedWeightsOptions> = {
  meta: {
    code: 'unchanged-weights',
    defaultSeverity: 'error',
    phase: 'training',
    title: 'Unchanged weights: a trainable layer never updates',
    docs: [
      'A trainable layer whose weights never change is not learning at all: no gradient reaches it (it is not connected to the loss, or its inputs are all zero), or its updates are never applied (trainable switched off by mistake, a learning rate of 0).',
      'Fires when, from the first step on, every trainable variable of a layer has a gradient norm of exactly 0 or an update ratio ‖Δw‖/‖w‖ below 1e-12 (in float32 that means the weights did not change at all) for max(20 steps, one epoch) consecutive steps — capped at 10 % of the planned steps (at least 5) so the fault is reported early — while some other layer does change at each of those steps. A healthy layer\'s update ratio is about 1e-3, so this is exact stillness, not slow learning. The reported step is the first step. Only layers that never moved count: weights that stop later were stopped by something else (units that died, outputs saturated after a divergence) that other rules report. Nor does it fire when no layer changes at all: a learning rate of 0 is reported by learning-rate-range, and all-zero gradients everywhere come from a saturated output, reported by exploding-activations or unnormalized-inputs. A non-zero gradient that is ≥ 1000× smaller than the last layer\'s is left to vanishing-gradient, and a ReLU layer whose units are all dead to dead-relu, since those rules name the cause — unless its kernel was initialized to zeros: then the zeros are the cause, and this rule says so.',
      'Most likely fixes, in order: check the layer is connected to the loss; check `trainable` was not set to false by mistake; look for dead (all-zero) inputs feeding it; check the learning rate is not 0.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { windowSteps: 20, epsilon: 1e-12, vanishingRatio: 1e-3, deadFraction: 0.99 },
    explains: ['underfitting', 'loss-plateau'],
  },

  check(trace, o) {
    const steps = trace.steps;
    const layers = trainableLayers(trace);
    if (layers.length === 0 || steps.length === 0) return [];
    const window = sustainWindow(trace, Math.max(o.windowSteps, trace.config.stepsPerEpoch || 0));
    const stuck = layers.map((lv) => steps.map((s) => layerStuck(s, lv, o.epsilon)));
    const last = layers[layers.length - 1];
    const lastRms = steps.map((s) => gradientRms(s, last.weights, last.weightSize));

    const findings: Finding[] = [];
    layers.forEach((lv, k) => {
      const flags = steps.map((s, t) => {
        if (!stuck[k][t] || !stuck.some((other, j) => j !== k && !other[t])) return false;
        const rms = gradientRms(s, lv.weights, lv.weightSize);
        return !(k < layers.length - 1 && rms > 0 && safeRatio(rms, lastRms[t]) <= o.vanishingRatio);
      });
      // Only a layer that never moved counts: weights that stop later were stopped by something else
      // (units that died, a saturated output after divergence), which other rules report.
      const start = consecutiveRun(flags, window);
      // Units that output zero because their weights are zero are this rule's case, not a dying ReLU's.
      const zeros = kernelStartsAtZero(lv.layer);
      if (start !== 0 || (!zeros && deadAt(trace, lv, steps[window - 1].globalStep, o))) return;
      const s = steps[start];
      const zeroGradient = steps.slice(start, start + window).every((x) => lv.all.every((i) => x.gradNorm[i] === 0));
      findings.push({
        code: 'unchanged-weights', severity: 'error', target: { kind: 'layer', layer: lv.layer.name, ...(zeros ? { option: 'kernelInitializer' } : {}) }, layer: lv.layer.name,
        epoch: s.epoch, step: s.globalStep,
        message: `The weights of layer ${lv.layer.name} did not change at all for ${window} steps from step ${s.globalStep} (epoch ${s.epoch + 1}) while other layers kept learning: ${zeros ? `its kernel starts at all zeros (kernelInitializer '${lv.layer.initializers.kernel}'), so its units are identical and ${zeroGradient ? 'no gradient reaches it' : 'they stay identical'}` : zeroGradient ? 'its gradient was exactly 0, so it is cut off from the loss (not connected, or fed all-zero inputs)' : 'its updates were 0 although it had a gradient, so they are not applied (trainable off, or not in the optimizer\'s variables)'}.`,
        evidence: { windowSteps: window, zeroGradient, zeroInitialized: zeros, updateRatio: maxFinite(lv.all.map((i) => s.updateRatio[i] ?? 0)) || 0, gradientNorm: maxFinite(lv.all.map((i) => s.gradNorm[i] ?? 0)) || 0, epsilon: o.epsilon },
        fixes: zeros ? [ZERO_INIT_FIX, ...FIXES] : zeroGradient ? FIXES : [FIXES[1], FIXES[0], FIXES[3], FIXES[2]],
      });
    });
    return findings;
  },
};
