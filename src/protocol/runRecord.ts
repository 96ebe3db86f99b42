// run.json: everything about a run except its event stream, and how it follows from the events (the engine
// writes it as they arrive; the dashboard rebuilds it from the same events). The CLI's `runs --json`, the
// experiment tracker and the dashboard read it. Public contract: extend, never rename.
import type { Params } from '../sdk/params';
import type { BackendInfo, Metrics, RunError, RunFinishedEvent, RunStatus, TrainingEvent } from './events';

export interface RunRecord {
  schemaVersion: 1;
  runId: string;
  experiment: string;
  /** Absolute path of the model file. */
  file: string;
  /** The model file relative to the workspace. */
  relativeFile?: string;
  createdAt: string;
  /** When training started (the run-started event); the creation time until then. */
  startedAt: string;
  endedAt?: string;
  status: RunStatus;
  /** The training process, to tell a live run from one whose process died. */
  pid: number;
  git?: { commit: string; dirty: boolean };
  /** sha256 of the model file's content when the run started. */
  fileHash: string;
  config: Record<string, unknown>;
  backend?: BackendInfo;
  seed: number;
  epochs: number;
  epochsCompleted: number;
  /** Metrics of the last completed epoch (the final ones once finished). */
  metrics?: Metrics;
  bestEpoch?: number;
  bestMetrics?: Metrics;
  samplesPerSecond?: number;
  stopReason?: string;
  error?: RunError;
  diagnosticsCount: number;
  tags?: string[];
  notes?: string;
  /** Every evaluation on the held-out test split, oldest first (`modellab evaluate`). */
  testEvaluations?: TestEvaluation[];
  /** The hyperparameters the model and optimizer functions received (sweep trials; defaults of a declared sweep). */
  params?: Params;
  /** The sweep or cross-validation this run belongs to. */
  group?: RunGroupRef;
}

/** Where a run sits in a sweep (trial `index` of `size`) or a cross-validation (fold `index` of `size`). */
export interface RunGroupRef {
  kind: 'sweep' | 'cross-validation';
  /** The group's id: its record is `<runsDir>/.groups/<id>.json`. */
  id: string;
  /** 0-based trial or fold number. */
  index: number;
  /** Trials or folds in the group. */
  size: number;
}

/** One look at the test split: the metrics, and what was evaluated. */
export interface TestEvaluation {
  time: string;
  /** Which saved model: the best epoch's or the last one. */
  model: 'best' | 'last';
  samples: number;
  /** Keras-style, prefixed: test_loss, test_accuracy, ... */
  metrics: Record<string, number>;
  /** The model file changed since the run (its split may not be the one the run held out). */
  fileChanged: boolean;
}

/** What the caller knows when it creates a run; the rest is filled in by events. */
export type RunInit = Pick<RunRecord, 'runId' | 'experiment' | 'file' | 'relativeFile' | 'pid' | 'git' | 'fileHash' | 'config' | 'backend' | 'seed' | 'epochs' | 'tags' | 'notes' | 'params' | 'group'>;

export function newRecord(init: RunInit, now = new Date()): RunRecord {
  const time = now.toISOString();
  return { schemaVersion: 1, ...init, createdAt: time, startedAt: time, status: 'running', epochsCompleted: 0, diagnosticsCount: 0 };
}

/** Folds one event into the record; returns true when run.json should be rewritten (batch and log events don't). */
export function applyEvent(record: RunRecord, event: TrainingEvent): boolean {
  switch (event.type) {
    case 'run-started':
      // A record made before the process said anything (a dashboard opened at the click) learns these here.
      record.experiment = event.experiment;
      record.file = event.file;
      record.startedAt = event.time;
      record.backend = event.backend;
      record.config = event.config;
      record.seed = event.seed;
      record.epochs = event.epochs;
      return true;
    case 'epoch':
      record.epochsCompleted = event.epoch + 1;
      record.metrics = event.metrics;
      if (event.best) {
        record.bestEpoch = event.epoch;
        record.bestMetrics = event.metrics;
      }
      return true;
    case 'run-finished':
      applyFinished(record, event);
      return true;
    default:
      return false;
  }
}

function applyFinished(record: RunRecord, event: RunFinishedEvent): void {
  record.status = event.status;
  record.endedAt = event.time;
  record.epochsCompleted = Math.max(record.epochsCompleted ?? 0, event.epochsCompleted);
  // A failure reported with no metrics keeps the ones recorded so far.
  if (Object.keys(event.metrics).length > 0) record.metrics = event.metrics;
  if (event.bestEpoch !== undefined) record.bestEpoch = event.bestEpoch;
  if (event.bestMetrics) record.bestMetrics = event.bestMetrics;
  if (event.samplesPerSecond > 0 || record.samplesPerSecond === undefined) record.samplesPerSecond = event.samplesPerSecond;
  if (event.stopReason !== undefined) record.stopReason = event.stopReason;
  if (event.error !== undefined) record.error = event.error;
  record.diagnosticsCount = event.diagnostics.length;
}

/** The last recorded epoch, as a run-finished event would report it: for a run that ended without one. */
export function finishedFromRecord(
  record: RunRecord,
  status: RunFinishedEvent['status'],
  error: RunError | undefined,
  samplesPerSecond: number,
): RunFinishedEvent {
  return {
    type: 'run-finished',
    runId: record.runId,
    time: new Date().toISOString(),
    status,
    backend: record.backend?.name ?? 'cpu',
    epochsCompleted: record.epochsCompleted ?? 0,
    samplesPerSecond,
    metrics: record.metrics ?? {},
    bestEpoch: record.bestEpoch,
    bestMetrics: record.bestMetrics,
    error,
    diagnostics: [],
  };
}

/**
 * The metrics a run is judged by in a sweep or a cross-validation: its best epoch's (the model it keeps,
 * `model-best`) when it recorded one, else its last epoch's.
 */
export function judgedMetrics(run: { metrics?: Metrics; bestMetrics?: Metrics }): Metrics {
  return run.bestMetrics && Object.keys(run.bestMetrics).length > 0 ? { ...run.bestMetrics } : { ...(run.metrics ?? {}) };
}
