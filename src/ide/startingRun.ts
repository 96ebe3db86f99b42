// A run the editor has started but whose training process has not recorded it yet (it is still loading the
// model file, the data and the backend; run.json appears only then). A dashboard opened by the click shows
// this record at once ("starting"), instead of waiting for a file that may take seconds, or never come when
// the model file cannot load. Pure, so it is tested in Node.
import * as path from 'node:path';
import type { RunError } from '../protocol/events';
import type { RunRecord } from '../protocol/runRecord';

export interface StartingRun {
  runId: string;
  /** Absolute path of the model file. */
  file: string;
  /** The workspace folder the run is recorded in. */
  workspace?: string;
  /** The experiment asked for; the first in the file when absent. */
  experiment?: string;
  /** When the editor started it (ISO). */
  createdAt: string;
  /** Why the run never started (the model file could not load): shown instead of "starting". */
  error?: RunError;
}

/** What a dashboard shows for a starting run until its run.json exists: status running (or failed, with why). */
export function startingRecord(run: StartingRun): RunRecord {
  return {
    schemaVersion: 1,
    runId: run.runId,
    experiment: run.experiment ?? path.basename(run.file).replace(/\.(model\.)?[tj]s$/, ''),
    file: run.file,
    relativeFile: run.workspace ? path.relative(run.workspace, run.file) : undefined,
    createdAt: run.createdAt,
    startedAt: run.createdAt,
    ...(run.error ? { endedAt: new Date().toISOString(), error: run.error } : {}),
    status: run.error ? 'failed' : 'running',
    pid: 0,
    fileHash: '',
    config: {},
    seed: 0,
    epochs: 0,
    epochsCompleted: 0,
    diagnosticsCount: 0,
  };
}
