// Messages between a caller (CLI, extension host, tests) and the training process it forks.
import type { Params } from '../../sdk/params';
import type { SourceLocation } from '../../sdk/types';
import type { RunGroupRef } from '../../protocol/runRecord';
import type { BackendRequest, TrainingEvent } from '../../protocol/events';
import type { LoadErrorCode } from '../loader/errors';

export interface TrainRequest {
  /** Absolute path of the model file. */
  file: string;
  /** Experiment name or export name; the first experiment when absent. */
  experiment?: string;
  /** The run id the caller assigned (so it can record a crash even before the process says anything). */
  runId: string;
  runsDir: string;
  /** Folder that workspace-relative paths in the run are relative to. */
  workspace: string;
  backend: BackendRequest;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Steps between activation probes, overriding the experiment's (ignored when it turns probes off). */
  probeEverySteps?: number;
  /** Overrides the experiment's `stopOnDivergence`. */
  stopOnDivergence?: boolean;
  /** Hyperparameters for the model and optimizer functions (a sweep trial's); missing ones take the sweep's defaults. */
  params?: Params;
  /** Cross-validation: validate on fold `index` of `folds` of the non-test rows, train on the rest. */
  fold?: { index: number; folds: number; stratified?: boolean };
  /** The sweep or cross-validation this run belongs to, recorded on the run. */
  group?: RunGroupRef;
  /** The cores this run may use (runs side by side share them); default all. */
  cores?: number;
}

export type ToTrainer = { type: 'start'; request: TrainRequest } | { type: 'cancel' };

export interface LoadErrorPayload {
  code: LoadErrorCode;
  message: string;
  location?: SourceLocation;
  details?: string;
}

export type FromTrainer =
  | { type: 'event'; event: TrainingEvent }
  /** Several events in order: a small model makes hundreds of steps a second, sent a few dozen times a second. */
  | { type: 'events'; events: TrainingEvent[] }
  /** Bad input: nothing was recorded; the CLI exits 2. */
  | { type: 'load-error'; error: LoadErrorPayload };
