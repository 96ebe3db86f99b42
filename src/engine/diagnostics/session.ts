// Wires diagnostics into a training run: the trace's static half, rule settings, locations of findings.
import type { Experiment } from '../../sdk/types';
import type { TrainingSetup } from '../train/setup';
import { locateConfigKeys, type ConfigKey } from '../loader/configLocations';
import { locateCallOption } from '../loader/keyLocations';
import type { SourceLocation } from '../../sdk/types';
import { dataFacts, traceLayers, traceVariables } from './facts';
import { DiagnosticsMonitor, validateRuleSettings } from './monitor';
import { ALL_RULES } from './rules/index';
import type { Finding, TrainingTrace } from './types';

export interface ProbeDefaults {
  interval: number;
  batchSize: number;
  histograms: boolean;
  /** With the default interval: the share of training time the probes may take (see ProbeSettings.budget). */
  budget?: number;
}

/** The default probes' share of training time: beyond it, probes space out (still at least one per epoch). */
export const DEFAULT_PROBE_BUDGET = 0.03;

/**
 * About four probes per epoch, at least every 50 steps, and no more than 3% of the training time;
 * the probe batch is 64 training samples. An explicit everySteps is kept as given.
 */
export function probeSettings(setup: TrainingSetup, stepsPerEpoch: number, everyStepsOverride?: number): ProbeDefaults {
  const o = setup.config.probes;
  if (o === false) return { interval: 0, batchSize: 0, histograms: false };
  const explicit = everyStepsOverride ?? o?.everySteps;
  const interval = explicit ?? Math.max(1, Math.min(50, Math.round(stepsPerEpoch / 4)));
  if (!Number.isInteger(interval) || interval < 1) throw new Error(`probes.everySteps must be a whole number ≥ 1, got ${JSON.stringify(o?.everySteps)}`);
  return { interval, batchSize: o?.batchSize ?? 64, histograms: o?.histograms ?? true, ...(explicit === undefined ? { budget: DEFAULT_PROBE_BUDGET } : {}) };
}

export function emptyTrace(setup: TrainingSetup, stepsPerEpoch: number): TrainingTrace {
  return {
    config: {
      epochs: setup.epochs,
      batchSize: setup.batchSize,
      stepsPerEpoch,
      lossName: setup.lossName,
      optimizerName: setup.optimizer.name,
      learningRate: setup.optimizer.schedule?.initial ?? setup.optimizer.getLearningRate(),
      ...weightDecayOf(setup.optimizer.describe()),
      hasValidation: (setup.data.validation?.count ?? 0) > 0,
    },
    layers: traceLayers(setup.model),
    variables: traceVariables(setup.model),
    data: dataFacts(setup.data, setup.lossName),
    steps: [],
    probes: [],
    epochs: [],
  };
}

function weightDecayOf(described: Record<string, unknown>): { weightDecay?: number } {
  return typeof described.weightDecay === 'number' && described.weightDecay > 0 ? { weightDecay: described.weightDecay } : {};
}

/** Where a finding points: its layer's line, else the config key's line, else the experiment call. */
export function findingLocator(experiment: Experiment, trace: TrainingTrace): (finding: Finding) => SourceLocation | undefined {
  let keys: Partial<Record<ConfigKey, SourceLocation>> = {};
  if (experiment.location) {
    try {
      keys = locateConfigKeys(experiment.location.file, experiment.location);
    } catch {
      keys = {};
    }
  }
  return (finding) => {
    // A config target wins over the layer a finding mentions: it names the setting to change.
    if (finding.target.kind === 'config') {
      const key = finding.target.key;
      // A learning rate written as a bare optimizer name has no line of its own: the optimizer's line.
      return (key === 'learningRate' ? keys.learningRate ?? keys.optimizer : keys[key]) ?? experiment.location;
    }
    const layer = trace.layers.find((l) => l.name === (finding.target.kind === 'layer' ? finding.target.layer : finding.layer));
    if (layer?.location) return (finding.target.kind === 'layer' && finding.target.option ? locateCallOption(layer.location, finding.target.option) : undefined) ?? layer.location;
    return experiment.location;
  };
}

/** `clock`: milliseconds of the run's own time (default performance.now; see MonitorOptions.clock). */
export function createMonitor(setup: TrainingSetup, trace: TrainingTrace, report: (finding: Finding) => void, stopOnDivergence?: boolean, clock?: () => number): DiagnosticsMonitor {
  const settings = setup.config.diagnostics;
  validateRuleSettings(ALL_RULES, settings);
  return new DiagnosticsMonitor(trace, {
    rules: ALL_RULES,
    settings,
    locate: findingLocator(setup.experiment, trace),
    report,
    stopOnDivergence: stopOnDivergence ?? setup.config.stopOnDivergence ?? true,
    clock,
  });
}
