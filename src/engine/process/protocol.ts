// Messages between a caller (CLI, extension host, tests) and the training process it forks.
import type { SourceLocation } from '../../sdk/types';
import type { BackendRequest, TrainingEvent } from '../events';
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
  /** Bad input: nothing was recorded; the CLI exits 2. */
  | { type: 'load-error'; error: LoadErrorPayload };
