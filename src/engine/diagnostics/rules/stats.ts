// Small statistics, window and trace helpers shared by the training rules.
// Other rule modules import these: keep the signatures stable.
import type { ActivationKind, DataFacts, ProbeRecord, StepRecord, TraceLayer, TrainingTrace } from '../types';

// ---------------------------------------------------------------- numbers

/** Median of the finite values (NaN/Inf ignored); NaN when there are none. */
export function median(xs: readonly number[]): number {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Largest finite value; NaN when there is none. */
export function maxFinite(xs: readonly number[]): number {
  let best = NaN;
  for (const x of xs) if (Number.isFinite(x) && !(x <= best)) best = x;
  return best;
}

/** a / b, or NaN when that is not a meaningful finite ratio (b zero, either side non-finite). */
export function safeRatio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return NaN;
  return a / b;
}

/** A number for a message: 3 significant digits, exponent notation when very large or small. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e4 || a < 1e-3) return x.toExponential(1).replace('e+', 'e');
  return String(Number(x.toPrecision(3)));
}

// ---------------------------------------------------------------- windows

/** Index of the first element of the first run of at least `length` consecutive true flags, or -1. */
export function consecutiveRun(flags: readonly boolean[], length: number): number {
  const need = Math.max(1, Math.floor(length));
  let runStart = -1;
  for (let i = 0; i < flags.length; i++) {
    if (!flags[i]) { runStart = -1; continue; }
    if (runStart < 0) runStart = i;
    if (i - runStart + 1 >= need) return runStart;
  }
  return -1;
}

/**
 * The first index i where flags[i] is true and at least `minFraction` of flags[i .. i+window-1] are true
 * (a complete window; minFraction 0.5 is "the window's median satisfies it"), or -1. O(n) via prefix counts.
 */
export function sustainedStart(flags: readonly boolean[], window: number, minFraction: number): number {
  const w = Math.max(1, Math.floor(window));
  const need = Math.max(1, Math.ceil(minFraction * w - 1e-9));
  const prefix = [0];
  for (const f of flags) prefix.push(prefix[prefix.length - 1] + (f ? 1 : 0));
  for (let i = 0; i + w <= flags.length; i++) if (flags[i] && prefix[i + w] - prefix[i] >= need) return i;
  return -1;
}

/** Steps the planned run has (epochs × steps per epoch), or the recorded steps when the config lacks them. */
export function plannedSteps(trace: TrainingTrace): number {
  const planned = trace.config.epochs * trace.config.stepsPerEpoch;
  return Number.isFinite(planned) && planned > 0 ? planned : trace.steps.length;
}

/**
 * How many steps a condition must be sustained: `preferred`, capped at `maxFraction` of the planned run so a
 * fault present from the start is confirmed within the first 20 % of it, and never fewer than `minSteps`.
 */
export function sustainWindow(trace: TrainingTrace, preferred: number, minSteps = 5, maxFraction = 0.1): number {
  const cap = Math.floor(plannedSteps(trace) * maxFraction);
  return Math.max(minSteps, Math.min(Math.floor(preferred), cap));
}

// ---------------------------------------------------------------- trace accessors

/** A trainable layer with the indices (into trace.variables and the StepRecord arrays) of its trainable variables. */
export interface LayerVariables {
  layer: TraceLayer;
  /** Every trainable variable of the layer. */
  all: number[];
  /** The trainable non-bias variables (kernel, recurrent kernel, gamma, embeddings...). */
  weights: number[];
  /** Total number of parameters in `weights`. */
  weightSize: number;
}

/** Trainable layers that own trainable weights (not only a bias), in model order. */
export function trainableLayers(trace: TrainingTrace): LayerVariables[] {
  const out: LayerVariables[] = [];
  for (const layer of [...trace.layers].sort((a, b) => a.index - b.index)) {
    if (!layer.trainable) continue;
    const all: number[] = [];
    const weights: number[] = [];
    let weightSize = 0;
    trace.variables.forEach((v, i) => {
      if (v.layer !== layer.name || !v.trainable) return;
      all.push(i);
      if (v.role !== 'bias') { weights.push(i); weightSize += v.size; }
    });
    if (weights.length > 0 && weightSize > 0) out.push({ layer, all, weights, weightSize });
  }
  return out;
}

/** The layer's kernel starts at all zeros (kernelInitializer 'zeros' or constant 0): its units are identical. */
export function kernelStartsAtZero(layer: TraceLayer): boolean {
  const kernel = layer.initializers.kernel;
  return kernel === 'zeros' || kernel === 'constant(0)';
}

/**
 * Initial weights far larger than their fan-in allows: a gain (RMS × √fan-in) of 3 or more, over twice He's √2,
 * the largest standard one. Each such layer multiplies the signal, and its gradient, several times over. A
 * recurrent kernel is applied once per time step, so twice an orthogonal kernel's gain of 1 is already too much.
 */
export const OVERSIZED_GAIN = 3;
export const OVERSIZED_RECURRENT_GAIN = 2;
/** Initial weights under a quarter of Glorot's scale (the smallest standard one) shrink the signal at every layer or step. */
export const UNDERSIZED_VS_GLOROT = 0.25;

export interface InitializerBlame { option: 'kernelInitializer' | 'recurrentInitializer'; gain: number }

/** The layer's initializer option whose weights start oversized (the larger excess), if one does. */
export function oversizedInitializer(layer: TraceLayer): InitializerBlame | undefined {
  const kernel = layer.initialKernelGain ?? 0;
  const recurrent = layer.initialRecurrentGain ?? 0;
  const kernelExcess = kernel / OVERSIZED_GAIN;
  const recurrentExcess = recurrent / OVERSIZED_RECURRENT_GAIN;
  if (Math.max(kernelExcess, recurrentExcess) < 1) return undefined;
  return recurrentExcess > kernelExcess ? { option: 'recurrentInitializer', gain: recurrent } : { option: 'kernelInitializer', gain: kernel };
}

/** The layer's initializer option whose weights start far too small (the smaller against Glorot's scale), if one does. */
export function undersizedInitializer(layer: TraceLayer): { option: 'kernelInitializer' | 'recurrentInitializer'; vsGlorot: number } | undefined {
  // All zeros is not a small scale but identical units: unchanged-weights names that cause.
  const scale = (x: number | undefined) => (x === undefined || x === 0 ? Infinity : x);
  const kernel = scale(layer.initialKernelVsGlorot);
  const recurrent = scale(layer.initialRecurrentVsGlorot);
  if (Math.min(kernel, recurrent) >= UNDERSIZED_VS_GLOROT) return undefined;
  return recurrent < kernel ? { option: 'recurrentInitializer', vsGlorot: recurrent } : { option: 'kernelInitializer', vsGlorot: kernel };
}

/** Per-parameter gradient magnitude of some variables at one step: ‖g‖ / √size over all of them (an RMS). */
export function gradientRms(step: StepRecord, indices: readonly number[], size: number): number {
  let sumSq = 0;
  for (const i of indices) {
    const g = step.gradNorm[i];
    if (g === undefined) return NaN;
    sumSq += g * g;
  }
  return size > 0 ? Math.sqrt(sumSq) / Math.sqrt(size) : NaN;
}

/** Largest update ratio ‖Δw‖/‖w‖ among some variables at one step (NaN if any is missing or NaN). */
export function maxUpdateRatio(step: StepRecord, indices: readonly number[]): number {
  let best = 0;
  for (const i of indices) {
    const r = step.updateRatio[i];
    if (r === undefined || Number.isNaN(r)) return NaN;
    best = Math.max(best, r);
  }
  return best;
}

/** The model's last layer (highest index), if any. */
export function outputLayer(trace: TrainingTrace): TraceLayer | undefined {
  let last: TraceLayer | undefined;
  for (const l of trace.layers) if (!last || l.index > last.index) last = l;
  return last;
}

/** Activations whose outputs are bounded, so their magnitude says nothing about blow-up. */
export function isBoundedActivation(kind: ActivationKind): boolean {
  return kind === 'sigmoid' || kind === 'tanh' || kind === 'softmax';
}

/** Whether the loss is a cross-entropy (confident, saturated outputs are then the goal). */
export function isCrossEntropyLoss(lossName: string): boolean {
  return /cross.?entropy/i.test(lossName);
}

/**
 * Median over the steps up to `untilStep` of a layer's largest weight (non-bias) update ratio ‖Δw‖/‖w‖.
 * A healthy step moves weights by about 1e-3 of their norm; ≥ 1e-2 means the learning rate is too high.
 */
export function medianUpdateRatioUntil(trace: TrainingTrace, layerName: string, untilStep: number): number {
  const lv = trainableLayers(trace).find((l) => l.layer.name === layerName);
  if (!lv) return NaN;
  return median(trace.steps.filter((s) => s.globalStep <= untilStep).map((s) => maxUpdateRatio(s, lv.weights)));
}

/** Raw features the engine did not standardize and that are far from unit scale (|mean| or std above 10). */
export function inputsLookUnnormalized(data: DataFacts, bound = 10): boolean {
  if (data.normalized) return false;
  return data.featureMean.some((m) => Math.abs(m) > bound) || data.featureStd.some((s) => s > bound);
}

/** One number of a layer's probe stats over time; only the probes that measured it (finite) count. */
export function probeSeries(trace: TrainingTrace, layerName: string, stat: 'deadFraction' | 'saturatedFraction' | 'zeroFraction'): { probe: ProbeRecord; value: number }[] {
  const series: { probe: ProbeRecord; value: number }[] = [];
  for (const probe of trace.probes) {
    const value = probe.layers.find((a) => a.layer === layerName)?.[stat];
    if (value !== undefined && Number.isFinite(value)) series.push({ probe, value });
  }
  return series;
}
