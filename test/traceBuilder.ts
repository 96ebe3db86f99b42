// Builds synthetic training traces for rule tests: a healthy baseline, then the test bends one part.
import type { ActivationKind, EpochRecord, LayerActivationStats, ProbeRecord, StepRecord, TraceLayer, TraceVariable, TrainingTrace } from '../src/engine/diagnostics/types';

export interface LayerSpec {
  name: string;
  className?: string;
  activation?: string;
  activationKind?: ActivationKind;
  units?: number;
  inputs?: number;
  initializers?: Record<string, string>;
}

/** A model of Dense layers, each with a kernel and a bias. */
export function layersOf(specs: LayerSpec[]): { layers: TraceLayer[]; variables: TraceVariable[] } {
  const layers: TraceLayer[] = [];
  const variables: TraceVariable[] = [];
  specs.forEach((s, index) => {
    const units = s.units ?? 16;
    const inputs = s.inputs ?? 16;
    layers.push({
      name: s.name, className: s.className ?? 'Dense', index, activation: s.activation ?? 'relu',
      activationKind: s.activationKind ?? (s.activation === 'sigmoid' ? 'sigmoid' : s.activation === 'tanh' ? 'tanh' : s.activation === 'softmax' ? 'softmax' : s.activation === 'linear' ? 'linear' : 'relu-family'),
      initializers: s.initializers ?? { kernel: 'glorotUniform', bias: 'zeros' }, trainable: true, params: units * inputs + units,
      location: { file: '/ws/model.ts', line: 10 + index, column: 5 },
    });
    variables.push({ name: `${s.name}/kernel`, layer: s.name, role: 'kernel', size: units * inputs, trainable: true });
    variables.push({ name: `${s.name}/bias`, layer: s.name, role: 'bias', size: units, trainable: true });
  });
  return { layers, variables };
}

export const DEFAULT_LAYERS: LayerSpec[] = [
  { name: 'dense_1', activation: 'relu', inputs: 8, units: 32 },
  { name: 'dense_2', activation: 'relu', inputs: 32, units: 32 },
  { name: 'dense_3', activation: 'softmax', inputs: 32, units: 3 },
];

export interface HealthyOptions {
  layers?: LayerSpec[];
  epochs?: number;
  stepsPerEpoch?: number;
  probeEvery?: number;
  /** Loss at epoch e (0-based, fractional within the epoch). */
  loss?: (epochProgress: number) => number;
  valLoss?: (epoch: number) => number;
  accuracy?: (epoch: number) => number;
}

/** A healthy run: loss decaying smoothly, gradients and update ratios in the usual ranges, activations tame. */
export function healthyTrace(o: HealthyOptions = {}): TrainingTrace {
  const { layers, variables } = layersOf(o.layers ?? DEFAULT_LAYERS);
  const epochs = o.epochs ?? 20;
  const stepsPerEpoch = o.stepsPerEpoch ?? 10;
  const probeEvery = o.probeEvery ?? 5;
  const loss = o.loss ?? ((t: number) => 0.2 + 0.9 * Math.exp(-t / 4));
  const valLoss = o.valLoss ?? ((e: number) => loss(e + 1) * 1.08);
  const accuracy = o.accuracy ?? ((e: number) => Math.min(0.97, 0.5 + 0.45 * (1 - Math.exp(-e / 3))));
  const steps: StepRecord[] = [];
  const probes: ProbeRecord[] = [];
  const epochRecords: EpochRecord[] = [];
  let jitter = 1;
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < stepsPerEpoch; s++) {
      const globalStep = e * stepsPerEpoch + s;
      jitter = (jitter * 16807) % 2147483647;
      const noise = 1 + 0.1 * ((jitter / 2147483647) - 0.5);
      steps.push({
        globalStep, epoch: e, loss: loss(e + s / stepsPerEpoch) * noise, learningRate: 1e-3,
        gradNorm: variables.map((v, i) => (v.role === 'kernel' ? 0.5 : 0.1) * (1 + 0.05 * i) * noise * Math.exp(-e / 10)),
        gradMaxAbs: variables.map(() => 0.2 * noise),
        weightNorm: variables.map((v) => (v.role === 'kernel' ? 3 : 0.3)),
        updateRatio: variables.map(() => 1e-3 * noise),
        nonFinite: false,
      });
      if (globalStep % probeEvery === 0) probes.push({ globalStep, epoch: e, layers: layers.map((l) => tameActivation(l)) });
    }
    const metrics: Record<string, number> = { loss: loss(e + 0.5), accuracy: accuracy(e), val_loss: valLoss(e), val_accuracy: accuracy(e) - 0.02 };
    epochRecords.push({ epoch: e, metrics, learningRate: 1e-3 });
  }
  return {
    config: { epochs, batchSize: 32, stepsPerEpoch, lossName: 'categoricalCrossentropy', optimizerName: 'adam', learningRate: 1e-3, hasValidation: true },
    layers, variables,
    data: { task: 'classification', numClasses: 3, classCounts: [40, 40, 40], trivialLoss: Math.log(3), chanceAccuracy: 1 / 3, featureMean: [0, 0, 0, 0, 0, 0, 0, 0], featureStd: [1, 1, 1, 1, 1, 1, 1, 1], normalized: true, targetLayout: 'one-hot', labelMin: 0, labelMax: 2 },
    steps, probes, epochs: epochRecords,
  };
}

function tameActivation(l: TraceLayer): LayerActivationStats {
  const base: LayerActivationStats = { layer: l.name, mean: 0.4, std: 0.6, rms: 0.7, maxAbs: 3, zeroFraction: 0.45 };
  if (l.activationKind === 'relu-family') return { ...base, deadFraction: 0.05 };
  if (l.activationKind === 'sigmoid' || l.activationKind === 'tanh') return { ...base, zeroFraction: 0, saturatedFraction: 0.05 };
  if (l.activationKind === 'softmax') return { ...base, mean: 1 / 3, zeroFraction: 0, saturatedFraction: 0.02 };
  return { ...base, zeroFraction: 0 };
}

/** Applies `fn` to every step record from `fromStep` on. */
export function bendSteps(trace: TrainingTrace, fromStep: number, fn: (s: StepRecord) => void): TrainingTrace {
  for (const s of trace.steps) if (s.globalStep >= fromStep) fn(s);
  return trace;
}

/** Applies `fn` to the stats of `layer` in every probe from `fromStep` on. */
export function bendProbes(trace: TrainingTrace, layer: string, fromStep: number, fn: (a: LayerActivationStats) => void): TrainingTrace {
  for (const p of trace.probes) if (p.globalStep >= fromStep) for (const a of p.layers) if (a.layer === layer) fn(a);
  return trace;
}
