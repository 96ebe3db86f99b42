// Runs a K-fold cross-validation: checks the experiment and its folds in this process, then trains one
// run per fold (each in its own process, a few at a time), keeping the group record current, and
// summarizes the folds' metrics as mean and standard deviation.
import * as path from 'node:path';
import type { BackendRequest, Metrics, RunStatus, TrainingEvent } from '../../protocol/events';
import { LoadError } from '../loader/errors';
import { loadModelFile, selectExperiment } from '../loader/evaluate';
import { defaultRunsDir, findWorkspace, startTraining, type TrainingHandle } from '../process/launcher';
import { coresPerRun, resolveParallel, runLimited } from '../process/parallel';
import type { LoadErrorPayload } from '../process/protocol';
import { writeGroup, type CrossValidationRecord, type GroupStatus } from '../runs/groups';
import { newRunId } from '../runs/runId';
import { prepareData, resolveSettings } from '../train/setup';
import type { CrossValidationEvent, CrossValidationFinishedEvent, FoldTrainingEvent } from '../../protocol/workflowEvents';
import { aggregateFolds, foldMetrics } from './aggregate';
import { resolveCrossValidation, type CrossValidationOverrides } from './config';

export interface CrossValidationOptions extends CrossValidationOverrides {
  file: string;
  experiment?: string;
  backend: BackendRequest;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Where the fold runs and the group record go; default `<workspace>/.modellab/runs`. */
  runsDir?: string;
  workspace?: string;
}

/** A fold's own training event, tagged with its cross-validation and fold (epoch events carry no run id of their own). */
export type { FoldTrainingEvent };

export interface CrossValidationListener {
  onEvent(event: CrossValidationEvent): void;
  /** Each fold's run-started, epoch and run-finished (the rest stays in the runs' events.jsonl). */
  onTrainingEvent?(event: FoldTrainingEvent): void;
}

export type CrossValidationOutcome =
  | { kind: 'finished'; finished: CrossValidationFinishedEvent; record: CrossValidationRecord; runsDir: string }
  /** Bad input: found before any fold ran (nothing recorded), or by fold 0's process (the group is recorded failed). */
  | { kind: 'load-error'; error: LoadErrorPayload };

export interface CrossValidationHandle {
  /** Resolves once every started fold has ended and the group is recorded. */
  done: Promise<CrossValidationOutcome>;
  /** Starts no more folds and asks the running ones to stop after their current batch; they are still recorded. */
  cancel(): void;
  /** Ends the running folds' processes at once. */
  kill(): void;
}

function payload(err: LoadError): LoadErrorPayload {
  return { code: err.code, message: err.message, location: err.location, details: err.details };
}

export function startCrossValidation(options: CrossValidationOptions, listener: CrossValidationListener): CrossValidationHandle {
  const running = new Map<number, TrainingHandle>();
  let cancelled = false;
  const done = (async (): Promise<CrossValidationOutcome> => {
    try {
      return await crossValidate(options, listener, running, () => cancelled);
    } catch (err) {
      if (err instanceof LoadError) return { kind: 'load-error', error: payload(err) };
      throw err;
    }
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      for (const handle of running.values()) handle.cancel();
    },
    kill: () => {
      cancelled = true;
      for (const handle of running.values()) handle.kill();
    },
  };
}

async function crossValidate(options: CrossValidationOptions, listener: CrossValidationListener, running: Map<number, TrainingHandle>, isCancelled: () => boolean): Promise<CrossValidationOutcome> {
  const file = path.resolve(options.file);
  const { experiment } = selectExperiment(await loadModelFile(file), options.experiment);
  const cv = resolveCrossValidation(experiment, options);
  const settings = resolveSettings(experiment, { epochs: options.epochs, batchSize: options.batchSize, seed: options.seed });
  // Fold 0's data, here: every fold problem (too many folds, a class too small to stratify) is reported
  // before anything is recorded, and whether the folds are stratified is settled by the data's task.
  const data = await prepareData(experiment, settings.seed, settings.lossName, { index: 0, folds: cv.folds, stratified: cv.stratified });
  const stratified = cv.stratified ?? data.task === 'classification';
  const parallel = resolveParallel(cv.parallel, cv.folds);
  const workspace = options.workspace ?? findWorkspace(file);
  const runsDir = options.runsDir ?? defaultRunsDir(workspace);
  const cvId = newRunId(`${experiment.config.name}-cv`);

  const record: CrossValidationRecord = {
    schemaVersion: 1,
    kind: 'cross-validation',
    id: cvId,
    experiment: experiment.config.name,
    file,
    relativeFile: path.relative(workspace, file),
    createdAt: new Date().toISOString(),
    status: 'running',
    pid: process.pid,
    seed: settings.seed,
    members: [],
    folds: cv.folds,
    stratified,
  };
  const setMember = (index: number, runId: string, status: RunStatus, metrics: Metrics) => {
    record.members = [...record.members.filter((m) => m.index !== index), { runId, index, status, metrics }].sort((a, b) => a.index - b.index);
    writeGroup(runsDir, record);
  };
  writeGroup(runsDir, record);
  listener.onEvent({ type: 'cross-validation-started', cvId, experiment: experiment.config.name, file, folds: cv.folds, stratified, parallel });

  let fold0Error: LoadErrorPayload | undefined;
  const trainFold = async (index: number): Promise<void> => {
    const handle = startTraining(
      {
        file,
        experiment: options.experiment,
        backend: options.backend,
        epochs: options.epochs,
        batchSize: options.batchSize,
        seed: settings.seed,
        workspace,
        runsDir,
        fold: { index, folds: cv.folds, stratified },
        group: { kind: 'cross-validation', id: cvId, index, size: cv.folds },
        cores: coresPerRun(parallel),
      },
      (event: TrainingEvent) => {
        if (event.type === 'run-started') {
          setMember(index, event.runId, 'running', {});
          listener.onEvent({ type: 'fold-started', cvId, fold: index, runId: event.runId });
        }
        if (event.type === 'run-started' || event.type === 'epoch' || event.type === 'run-finished') {
          listener.onTrainingEvent?.({ ...event, cvId, fold: index, runId: handle.runId });
        }
      },
    );
    running.set(index, handle);
    // A cancel that came while this fold was being started.
    if (isCancelled()) handle.cancel();
    const outcome = await handle.done;
    running.delete(index);
    if (outcome.kind === 'load-error') {
      // The checks above passed, so this is the model file changing under us or a data function that is
      // not repeatable. Fold 0's stops everything; a later fold's counts as a failed fold.
      if (index === 0) {
        fold0Error = outcome.error;
        for (const other of running.values()) other.cancel();
      }
      // No run was recorded, so no member: the group's error says why the fold is missing.
      record.error = `${record.error ? `${record.error}\n` : ''}Fold ${index + 1} did not start: ${outcome.error.message}`;
      writeGroup(runsDir, record);
      listener.onEvent({ type: 'fold-finished', cvId, fold: index, runId: handle.runId, status: 'failed', metrics: {} });
      return;
    }
    const metrics = foldMetrics(outcome.finished);
    setMember(index, outcome.runId, outcome.finished.status, metrics);
    listener.onEvent({ type: 'fold-finished', cvId, fold: index, runId: outcome.runId, status: outcome.finished.status, metrics });
  };
  await runLimited(cv.folds, parallel, trainFold, () => isCancelled() || fold0Error !== undefined);

  const { mean, std } = aggregateFolds(record.members);
  const anyCompleted = record.members.some((m) => m.status === 'completed');
  const status: GroupStatus = fold0Error ? 'failed' : isCancelled() ? 'cancelled' : anyCompleted ? 'completed' : 'failed';
  Object.assign(record, { status, endedAt: new Date().toISOString(), mean, std });
  if (status === 'failed') record.error ??= 'No fold completed';
  writeGroup(runsDir, record);
  if (fold0Error) return { kind: 'load-error', error: fold0Error };
  const finished: CrossValidationFinishedEvent = {
    type: 'cross-validation-finished',
    cvId,
    status,
    folds: cv.folds,
    runs: record.members.map((m) => ({ runId: m.runId, fold: m.index, status: m.status, metrics: m.metrics })),
    mean,
    std,
  };
  listener.onEvent(finished);
  return { kind: 'finished', finished, record, runsDir };
}
