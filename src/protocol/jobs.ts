// The jobs a front asks the engine for, besides training (which has its own process protocol,
// engine/process/protocol.ts): a learning-rate range test, a sweep, a cross-validation, an ONNX export, a test
// evaluation. The extension runs them in a job process (engine/process/jobLauncher.ts); `modellab <command>
// --json` runs the same job in its own process and prints exactly its events, one JSON object per line.
// Public contract: extend, never rename.
import type { SourceLocation } from '../sdk/types';
import type { BackendReport } from './backends';
import type { BackendRequest, Metrics, TrainingEvent } from './events';
import type { CrossValidationEvent, LrFindEvent, SweepEvent } from './workflowEvents';

/** What a front may change about the experiment's own settings, for every run of a job. */
export interface RunOverrides {
  epochs?: number;
  batchSize?: number;
  seed?: number;
}

interface ModelFileJob {
  /** The model file (absolute, or relative to the job process's working folder). */
  file: string;
  /** Experiment name or export name; the file's first experiment when absent. */
  experiment?: string;
  backend: BackendRequest;
}

export interface LrFindJob extends ModelFileJob {
  kind: 'lr-find';
  minLearningRate?: number;
  maxLearningRate?: number;
  steps?: number;
  batchSize?: number;
  seed?: number;
}

export interface SweepJob extends ModelFileJob {
  kind: 'sweep';
  runsDir?: string;
  trials?: number;
  parallel?: number | 'auto';
  overrides: RunOverrides;
}

export interface CrossValidateJob extends ModelFileJob {
  kind: 'cross-validate';
  runsDir?: string;
  folds?: number;
  parallel?: number | 'auto';
  overrides: RunOverrides;
}

export interface ExportJob {
  kind: 'export';
  runsDir: string;
  /** A run id (or a unique prefix), or a model folder. */
  run: string;
  out?: string;
  opset?: number;
  which?: 'best' | 'last';
  verify: boolean;
}

export interface EvaluateJob {
  kind: 'evaluate';
  runsDir: string;
  run: string;
  model?: 'best' | 'last';
}

/** Every backend tried for real, each native one in a process of its own. */
export interface BackendStatusJob {
  kind: 'backend-status';
  /** A workspace whose node_modules may hold a native backend (looked in only when given). */
  workspace?: string;
}

export type JobRequest = LrFindJob | SweepJob | CrossValidateJob | ExportJob | EvaluateJob | BackendStatusJob;
export type JobKind = JobRequest['kind'];

/** Bad input or a job that could not be done: what is wrong and where. */
export interface JobErrorEvent {
  type: 'error';
  code: string;
  message: string;
  location?: SourceLocation;
  /** Export: the layer that cannot be exported. */
  layer?: string;
  className?: string;
}

export interface ExportVerificationSummary {
  passed: boolean;
  /** |onnx − tfjs| ≤ atol + rtol·|tfjs| for every value. */
  tolerance: { atol: number; rtol: number };
  runtime: string;
  /** Where the real inputs came from, or why there were none. */
  realInputs: { split: 'validation' | 'train'; count: number } | { unavailable: string };
  /** Worst case per output over all input sets. */
  outputs: { name: string; maxAbs: number; maxRel: number; passed: boolean }[];
  cases: { label: string; batch: number; passed: boolean; outputs: { name: string; shape: number[]; maxAbs: number; maxRel: number; mismatches: number; firstMismatch?: unknown }[] }[];
}

/** The export's result: export-failed when onnxruntime's outputs differ from tfjs' beyond the tolerance. */
export interface ExportFinishedEvent {
  type: 'export-finished' | 'export-failed';
  file: string | null;
  /** Absent for a model folder given by path. */
  runId?: string;
  opset: number;
  irVersion: number;
  sizeBytes: number;
  nodes: number;
  inputs: { name: string; shape: (number | string)[] }[];
  outputs: { name: string; shape: (number | string)[] }[];
  verification: ExportVerificationSummary | { skipped: true };
}

export interface EvaluationFinishedEvent {
  type: 'evaluation-finished';
  runId: string;
  metrics: Metrics;
  model: 'best' | 'last';
  samples: number;
  fileChanged: boolean;
  /** Earlier looks at the test split through this run. */
  previousEvaluations: number;
}

/** A member run's training event, relayed by a sweep (tagged with its trial) or a cross-validation. */
export type RelayedTrainingEvent = TrainingEvent & { sweepId?: string; trial?: number; runId?: string; cvId?: string; fold?: number };

export type JobEvent = LrFindEvent | SweepEvent | CrossValidationEvent | RelayedTrainingEvent | ExportFinishedEvent | EvaluationFinishedEvent | BackendReport | JobErrorEvent;

/** The event each job ends with when it did its work (then the job's other events came before it). */
const SUMMARY_TYPES = new Set(['lr-find-finished', 'sweep-finished', 'cross-validation-finished', 'export-finished', 'export-failed', 'evaluation-finished', 'backend-report']);

export function isJobSummary(event: JobEvent): boolean {
  return SUMMARY_TYPES.has(event.type);
}

/** Caller → job process. `stop` is the first Ctrl+C: no new trials, running ones stop after their batch. */
export type ToJobProcess = { type: 'start'; request: JobRequest } | { type: 'stop' } | { type: 'kill' };

/** Job process → caller: its events in order, batched. */
export type FromJobProcess = { type: 'events'; events: JobEvent[] };
