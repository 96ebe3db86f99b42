// run.json: everything about a run except its event stream, kept current as events arrive.
import type { BackendInfo, Metrics, RunError, RunStatus, TrainingEvent } from '../events';

export interface RunRecord {
  schemaVersion: 1;
  runId: string;
  experiment: string;
  /** Absolute path of the model file. */
  file: string;
  /** The model file relative to the workspace. */
  relativeFile?: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  status: RunStatus;
  /** The training process, to tell a live run from one whose process died. */
  pid: number;
  git?: { commit: string; dirty: boolean };
  /** sha256 of the model file's content when the run started. */
  fileHash?: string;
  config: Record<string, unknown>;
  backend?: BackendInfo;
  seed: number;
  epochs: number;
  epochsCompleted: number;
  metrics?: Metrics;
  bestEpoch?: number;
  bestMetrics?: Metrics;
  samplesPerSecond?: number;
  stopReason?: string;
  error?: RunError;
  diagnosticsCount: number;
  tags?: string[];
  notes?: string;
}

export type RunInit = Omit<RunRecord, 'schemaVersion' | 'createdAt' | 'status' | 'epochsCompleted' | 'diagnosticsCount'>;

export function newRecord(init: RunInit): RunRecord {
  return { schemaVersion: 1, ...init, createdAt: new Date().toISOString(), status: 'running', epochsCompleted: 0, diagnosticsCount: 0 };
}

/** Folds one event into the record; returns true when run.json should be rewritten. */
export function applyEvent(record: RunRecord, event: TrainingEvent): boolean {
  switch (event.type) {
    case 'run-started':
      record.startedAt = event.time;
      record.backend = event.backend;
      record.config = event.config;
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
      record.status = event.status;
      record.endedAt = event.time;
      record.epochsCompleted = event.epochsCompleted;
      if (Object.keys(event.metrics).length > 0) record.metrics = event.metrics;
      if (event.bestEpoch !== undefined) record.bestEpoch = event.bestEpoch;
      if (event.bestMetrics) record.bestMetrics = event.bestMetrics;
      record.samplesPerSecond = event.samplesPerSecond;
      record.stopReason = event.stopReason;
      record.error = event.error;
      record.diagnosticsCount = event.diagnostics.length;
      return true;
    default:
      return false;
  }
}
