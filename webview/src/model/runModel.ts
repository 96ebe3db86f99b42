// Folds one run's record and training events into the arrays the dashboard draws. Events may arrive
// as one snapshot, then live batches; folding is idempotent per step/epoch so an overlap between the
// snapshot and the first live batch does not duplicate points.
import type { EpochEvent, LogEvent, RunFinishedEvent, RunStartedEvent, TrainingEvent } from '../../../src/protocol/events';
import type { Finding } from '../../../src/protocol/findings';
import type { Histogram, LayerActivationStats } from '../../../src/protocol/probeStats';
import type { RunRecord } from '../../../src/protocol/runRecord';
import { applyEvent } from '../../../src/protocol/runRecord';
import { histogramQuantiles } from './histogram';

/** Parts of the dashboard an event can change; views redraw only what changed. */
export type Section = 'header' | 'epochs' | 'steps' | 'stats' | 'probes' | 'findings' | 'logs';

/** The quantiles drawn as bands for each layer's activations. */
export const ACTIVATION_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface LayerProbeSeries {
  layer: string;
  /** Global steps of the probes that measured this layer. */
  steps: number[];
  /** One array per ACTIVATION_QUANTILES entry, aligned with steps (null where no histogram). */
  quantiles: (number | null)[][];
  mean: number[];
  std: number[];
  /** ReLU-family layers: fraction of units dead on the whole probe batch. */
  dead: (number | null)[];
  /** sigmoid/tanh/softmax layers: fraction of saturated outputs. */
  saturated: (number | null)[];
}

/** One variable's value distribution (weights or gradients) at the probes that recorded it (the first of each epoch). */
export interface ParameterProbeSeries {
  variable: string;
  steps: number[];
  /** One array per ACTIVATION_QUANTILES entry, aligned with steps. */
  quantiles: (number | null)[][];
}

export class RunModel {
  record: RunRecord;
  started?: RunStartedEvent;
  finished?: RunFinishedEvent;
  /** Latest event per epoch, in epoch order. */
  epochs: EpochEvent[] = [];
  /** Per step (batch events): global step, its epoch, loss, learning rate. */
  readonly stepX: number[] = [];
  readonly stepEpoch: number[] = [];
  readonly stepLoss: (number | null)[] = [];
  readonly stepLearningRate: (number | null)[] = [];
  /** Steps that carried gradient/weight stats, and per variable (run-started order) one array each. */
  readonly statsX: number[] = [];
  gradNorm: (number | null)[][] = [];
  updateRatio: (number | null)[][] = [];
  readonly layerProbes = new Map<string, LayerProbeSeries>();
  /** Per variable name: its weights' and its gradients' distributions over the run. */
  readonly weightProbes = new Map<string, ParameterProbeSeries>();
  readonly gradientProbes = new Map<string, ParameterProbeSeries>();
  readonly findings: Finding[] = [];
  readonly logs: LogEvent[] = [];
  /** Where training is now: the last batch seen. */
  current?: { epoch: number; step: number; globalStep: number };
  deleted = false;
  /** The record is the editor's provisional one: the run's process has not recorded it yet. */
  starting: boolean;
  private readonly findingKeys = new Set<string>();
  private readonly changed = new Set<Section>();

  constructor(record: RunRecord, events: readonly TrainingEvent[] = [], starting = false) {
    // A private copy: applyEvent mutates it as events arrive.
    this.record = structuredClone(record);
    this.starting = starting;
    this.changed.add('header');
    this.applyAll(events);
  }

  get runId(): string {
    return this.record.runId;
  }

  applyAll(events: readonly TrainingEvent[]): void {
    for (const e of events) this.apply(e);
  }

  apply(event: TrainingEvent): void {
    if (applyEvent(this.record, event)) this.changed.add('header');
    switch (event.type) {
      case 'run-started':
        this.started = event;
        this.gradNorm = event.variables.map(() => []);
        this.updateRatio = event.variables.map(() => []);
        this.changed.add('header');
        break;
      case 'batch': {
        const last = this.stepX[this.stepX.length - 1];
        if (last !== undefined && event.globalStep <= last) break;
        this.stepX.push(event.globalStep);
        this.stepEpoch.push(event.epoch);
        this.stepLoss.push(numberOrNull(event.metrics.loss));
        this.stepLearningRate.push(numberOrNull(event.learningRate));
        this.current = { epoch: event.epoch, step: event.step, globalStep: event.globalStep };
        this.changed.add('steps');
        this.changed.add('header');
        if (event.stats) {
          this.statsX.push(event.globalStep);
          const n = Math.max(this.gradNorm.length, event.stats.gradNorm.length);
          while (this.gradNorm.length < n) this.gradNorm.push(new Array(this.statsX.length - 1).fill(null));
          while (this.updateRatio.length < n) this.updateRatio.push(new Array(this.statsX.length - 1).fill(null));
          for (let v = 0; v < n; v++) {
            this.gradNorm[v].push(numberOrNull(event.stats.gradNorm[v]));
            this.updateRatio[v].push(numberOrNull(event.stats.updateRatio[v]));
          }
          this.changed.add('stats');
        }
        break;
      }
      case 'probe':
        for (const stats of event.layers) this.addProbe(event.globalStep, stats);
        for (const [variable, h] of Object.entries(event.weightHistograms ?? {})) addParameterProbe(this.weightProbes, variable, event.globalStep, h);
        for (const [variable, h] of Object.entries(event.gradientHistograms ?? {})) addParameterProbe(this.gradientProbes, variable, event.globalStep, h);
        this.changed.add('probes');
        break;
      case 'epoch': {
        const i = this.epochs.findIndex((e) => e.epoch >= event.epoch);
        if (i === -1) this.epochs.push(event);
        else if (this.epochs[i].epoch === event.epoch) this.epochs[i] = event;
        else this.epochs.splice(i, 0, event);
        this.changed.add('epochs');
        break;
      }
      case 'diagnostic':
        this.addFinding(event.finding);
        break;
      case 'log':
        this.logs.push(event);
        this.changed.add('logs');
        break;
      case 'run-finished':
        this.finished = event;
        // The run's final list replaces what streamed in: at the end, findings that stopped holding are marked
        // resolved and symptoms name their causes.
        this.findings.length = 0;
        this.findingKeys.clear();
        for (const f of event.diagnostics) this.addFinding(f);
        this.changed.add('findings');
        this.changed.add('header');
        break;
    }
  }

  /** A newer record from the host (status, notes, metrics); keeps what the events already told. */
  setRecord(record: RunRecord): void {
    this.record = structuredClone(record);
    this.starting = false;
    this.changed.add('header');
  }

  markDeleted(): void {
    this.deleted = true;
    this.changed.add('header');
  }

  /** The sections changed since the last call. */
  takeChanges(): Set<Section> {
    const out = new Set(this.changed);
    this.changed.clear();
    return out;
  }

  /** For each layer with trainable variables: the variable that represents it (its kernel if any). */
  layerVariables(): { layer: string; index: number; name: string }[] {
    const vars = this.started?.variables ?? [];
    const byLayer = new Map<string, number>();
    vars.forEach((v, i) => {
      if (!v.trainable) return;
      const current = byLayer.get(v.layer);
      if (current === undefined || (v.role === 'kernel' && vars[current].role !== 'kernel')) byLayer.set(v.layer, i);
    });
    return [...byLayer.entries()].map(([layer, index]) => ({ layer, index, name: vars[index].name }));
  }

  /** Probed layers in model order (layers the model summary does not list come last). */
  probedLayers(): LayerProbeSeries[] {
    const order = new Map((this.started?.model.layers ?? []).map((l, i) => [l.name, i]));
    return [...this.layerProbes.values()].sort((a, b) => (order.get(a.layer) ?? 1e9) - (order.get(b.layer) ?? 1e9));
  }

  private addProbe(globalStep: number, stats: LayerActivationStats): void {
    let series = this.layerProbes.get(stats.layer);
    if (!series) {
      series = { layer: stats.layer, steps: [], quantiles: ACTIVATION_QUANTILES.map(() => []), mean: [], std: [], dead: [], saturated: [] };
      this.layerProbes.set(stats.layer, series);
    }
    const last = series.steps[series.steps.length - 1];
    if (last !== undefined && globalStep <= last) return;
    series.steps.push(globalStep);
    const qs = stats.histogram ? histogramQuantiles(stats.histogram, ACTIVATION_QUANTILES) : ACTIVATION_QUANTILES.map(() => NaN);
    qs.forEach((q, i) => series.quantiles[i].push(numberOrNull(q)));
    series.mean.push(stats.mean);
    series.std.push(stats.std);
    series.dead.push(numberOrNull(stats.deadFraction));
    series.saturated.push(numberOrNull(stats.saturatedFraction));
  }

  private addFinding(finding: Finding): void {
    const target = finding.target.kind === 'layer' ? finding.target.layer : finding.target.key;
    const key = `${finding.code}|${finding.layer ?? target}`;
    if (this.findingKeys.has(key)) return;
    this.findingKeys.add(key);
    this.findings.push(finding);
    this.changed.add('findings');
    this.changed.add('header');
  }
}

function addParameterProbe(series: Map<string, ParameterProbeSeries>, variable: string, globalStep: number, h: Histogram): void {
  let s = series.get(variable);
  if (!s) {
    s = { variable, steps: [], quantiles: ACTIVATION_QUANTILES.map(() => []) };
    series.set(variable, s);
  }
  const last = s.steps[s.steps.length - 1];
  if (last !== undefined && globalStep <= last) return;
  s.steps.push(globalStep);
  histogramQuantiles(h, ACTIVATION_QUANTILES).forEach((q, i) => s.quantiles[i].push(numberOrNull(q)));
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
