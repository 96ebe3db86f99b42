// Training events: streamed from the training process over IPC, appended to a run's events.jsonl,
// printed one per line by `modellab train --json`. Public contract: extend, never rename.
import type { SourceLocation } from '../sdk/types';
import type { Finding } from './findings';
import type { Histogram, LayerActivationStats, TraceVariable } from './probeStats';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | 'diverged';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  requested: BackendRequest;
  /** Why each faster backend was not used, in the order tried. */
  skipped: { name: BackendName; reason: string }[];
  /** Threads the backend uses, where known. */
  threads?: number;
  /** Why it uses more than one thread, when Model Lab chose that for the model. */
  threadsReason?: string;
  /** Data-parallel replicas each batch is split across (one thread each), when more than one. */
  replicas?: number;
  /** Why, when Model Lab chose replicas for the model (or MODELLAB_REPLICAS asked). */
  replicasReason?: string;
  /**
   * Set-up problems that cost speed: a TensorFlow.js whose private internals differ from the pinned version's,
   * or a fused path or kernel that found nothing to patch. Absent when there are none.
   */
  warnings?: string[];
}

export interface LayerSummary {
  name: string;
  className: string;
  outputShape: (number | null)[] | (number | null)[][];
  params: number;
  trainableParams: number;
  activation?: string;
  location?: SourceLocation;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  inputShape: (number | null)[];
  outputShape: (number | null)[];
}

/** Metric values keyed Keras-style: 'loss', 'accuracy', 'val_loss', 'val_accuracy', ... */
export type Metrics = Record<string, number>;

export interface RunStartedEvent {
  type: 'run-started';
  runId: string;
  time: string;
  experiment: string;
  file: string;
  backend: BackendInfo;
  seed: number;
  epochs: number;
  batchSize: number;
  stepsPerEpoch: number;
  trainSamples: number;
  validationSamples: number;
  model: ModelSummary;
  /** The fully resolved experiment configuration (JSON-safe). */
  config: Record<string, unknown>;
  /** Trainable variables in the order of every batch event's `stats` arrays. */
  variables: TraceVariable[];
  /** Steps between activation probes (0 when probes are off). */
  probeInterval: number;
}

/** Per-step probes: one entry per trainable variable, in run-started's `variables` order. */
export interface StepStats {
  gradNorm: number[];
  gradMaxAbs: number[];
  weightNorm: number[];
  updateRatio: number[];
  nonFinite: boolean;
}

export interface BatchEvent {
  type: 'batch';
  epoch: number;
  /** Step within the epoch, 0-based. */
  step: number;
  /** Step since the start of the run, 0-based. */
  globalStep: number;
  learningRate: number;
  metrics: Metrics;
  /** Gradient and weight statistics of this step (absent when probes are off). */
  stats?: StepStats;
}

/** Every `probeInterval` steps: each layer's output on a fixed probe batch, and histograms. */
export interface ProbeEvent {
  type: 'probe';
  epoch: number;
  globalStep: number;
  layers: LayerActivationStats[];
  weightHistograms?: Record<string, Histogram>;
  gradientHistograms?: Record<string, Histogram>;
}

/** A diagnostic finding, streamed as soon as a rule reports it. */
export interface DiagnosticEvent {
  type: 'diagnostic';
  finding: Finding;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  learningRate: number;
  /** Training and validation metrics for the epoch (train metrics averaged over its batches). */
  metrics: Metrics;
  durationMs: number;
  /** Training samples per second in this epoch (validation excluded). */
  samplesPerSecond: number;
  /** True when this epoch is the best so far on the monitored metric. */
  best: boolean;
}

/** A note from a callback: early stopping, learning rate reduced, weights restored, backend fallback. */
export interface LogEvent {
  type: 'log';
  level: 'info' | 'warning';
  message: string;
  epoch?: number;
}

export interface RunError {
  message: string;
  /** Where in the user's code, if known. */
  location?: SourceLocation;
  stack?: string;
}

export interface RunFinishedEvent {
  type: 'run-finished';
  runId: string;
  time: string;
  status: Exclude<RunStatus, 'running'>;
  backend: BackendName;
  epochsCompleted: number;
  /** Training throughput over the whole run, validation excluded. */
  samplesPerSecond: number;
  /** Final train and validation metrics. */
  metrics: Metrics;
  bestEpoch?: number;
  bestMetrics?: Metrics;
  /** Why it stopped early, if it did ('early-stopping', 'cancelled', ...). */
  stopReason?: string;
  error?: RunError;
  /** Every diagnostic finding of the run (static checks and training rules). */
  diagnostics: Finding[];
}

export type TrainingEvent = RunStartedEvent | BatchEvent | ProbeEvent | DiagnosticEvent | EpochEvent | LogEvent | RunFinishedEvent;
