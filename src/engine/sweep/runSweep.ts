// Runs a planned sweep: one training process per trial, a few at a time, recording the sweep's group
// record as trials start and end, and reporting the sweep's events. Failed or diverged trials do not
// stop it; a load error in the first trial does (every trial would hit it), and stop() cancels it.
import * as path from 'node:path';
import type { BackendRequest, TrainingEvent } from '../../protocol/events';
import type { LoadErrorPayload } from '../process/protocol';
import { defaultRunsDir, findWorkspace, startTraining, type TrainingHandle } from '../process/launcher';
import { coresPerRun, runLimited } from '../process/parallel';
import { writeGroup, type GroupMember, type SweepRecord } from '../runs/groups';
import { newRunId } from '../runs/runId';
import type { SweepEvent, SweepFinishedEvent, SweepTrialSummary } from '../../protocol/workflowEvents';
import { pickBest, trialMetrics } from './best';
import type { SweepPlan } from './plan';

export interface SweepRunOptions {
  backend: BackendRequest;
  /** Where runs and the group record go; default `<workspace>/.modellab/runs`. */
  runsDir?: string;
  workspace?: string;
  /** Passed to every trial, over the experiment's own. */
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** The sweep's own events, in order; the last is `sweep-finished`. */
  onEvent?: (event: SweepEvent) => void;
  /** Every training event of every trial. */
  onTrainingEvent?: (event: TrainingEvent, trial: number, runId: string) => void;
  /** Starts one trial's training process (tests and callers may wrap it). */
  start?: typeof startTraining;
}

export interface SweepResult {
  record: SweepRecord;
  finished: SweepFinishedEvent;
  /** The load error that stopped the sweep (its first trial's), or the first one a later trial hit. */
  loadError?: { trial: number; error: LoadErrorPayload };
}

export interface SweepHandle {
  sweepId: string;
  runsDir: string;
  done: Promise<SweepResult>;
  /** Starts no more trials and asks the running ones to stop after their current batch. */
  stop(): void;
  /** Ends the running trials' processes at once. */
  kill(): void;
}

export function startSweep(plan: SweepPlan, options: SweepRunOptions): SweepHandle {
  const workspace = options.workspace ?? findWorkspace(plan.file);
  const runsDir = path.resolve(options.runsDir ?? defaultRunsDir(workspace));
  const start = options.start ?? startTraining;
  const emit = options.onEvent ?? (() => undefined);
  // Sorts with the runs and reads as a sweep: 20261122-224455-digits-mlp-sweep-a3f9.
  const sweepId = newRunId(/sweep$/i.test(plan.experiment) ? plan.experiment : `${plan.experiment}-sweep`);
  const size = plan.trials.length;
  const record: SweepRecord = {
    schemaVersion: 1,
    kind: 'sweep',
    id: sweepId,
    experiment: plan.experiment,
    file: plan.file,
    relativeFile: path.relative(workspace, plan.file),
    createdAt: new Date().toISOString(),
    status: 'running',
    pid: process.pid,
    seed: plan.seed,
    members: [],
    method: plan.method,
    space: plan.space,
    plannedTrials: plan.trials,
    metric: plan.metric,
    goal: plan.goal,
  };
  const running = new Map<number, TrainingHandle>();
  let stopRequested = false;
  let loadError: SweepResult['loadError'];

  const putMember = (member: GroupMember) => {
    record.members = [...record.members.filter((m) => m.index !== member.index), member].sort((a, b) => a.index - b.index);
    const best = pickBest(record.members, plan.metric, plan.goal);
    record.best = best;
    writeGroup(runsDir, record);
  };

  const runTrial = async (index: number): Promise<void> => {
    const params = plan.trials[index];
    const handle: TrainingHandle = start(
      {
        file: plan.file,
        experiment: plan.experiment,
        backend: options.backend,
        epochs: options.epochs,
        batchSize: options.batchSize,
        seed: options.seed,
        workspace,
        runsDir,
        params,
        group: { kind: 'sweep', id: sweepId, index, size },
        cores: coresPerRun(plan.parallel),
      },
      (event) => options.onTrainingEvent?.(event, index, handle.runId),
    );
    running.set(index, handle);
    putMember({ runId: handle.runId, index, status: 'running', metrics: {}, params });
    emit({ type: 'trial-started', sweepId, trial: index, runId: handle.runId, params });
    const outcome = await handle.done;
    running.delete(index);
    if (outcome.kind === 'load-error') {
      loadError ??= { trial: index, error: outcome.error };
      // The first trial's load error is the experiment's, not its params': every other trial would hit it.
      if (index === 0) stopAll();
      putMember({ runId: handle.runId, index, status: 'failed', metrics: {}, params });
      emit({ type: 'trial-finished', sweepId, trial: index, runId: handle.runId, params, status: 'failed', metrics: {} });
      return;
    }
    const { finished } = outcome;
    const metrics = trialMetrics(finished);
    putMember({ runId: outcome.runId, index, status: finished.status, metrics, params });
    emit({ type: 'trial-finished', sweepId, trial: index, runId: outcome.runId, params, status: finished.status, metrics });
  };

  const stopAll = () => {
    stopRequested = true;
    for (const handle of running.values()) handle.cancel();
  };

  const run = async (): Promise<SweepResult> => {
    writeGroup(runsDir, record);
    emit({ type: 'sweep-started', sweepId, experiment: plan.experiment, file: plan.file, method: plan.method, space: plan.space, trials: plan.trials, metric: plan.metric, goal: plan.goal, parallel: plan.parallel });
    try {
      await runLimited(size, plan.parallel, runTrial, () => stopRequested);
    } catch (err) {
      // Only a failure to start a process at all lands here; trial failures are outcomes.
      for (const handle of running.values()) handle.kill();
      finish('failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
    const everyTrialFailed = record.members.length > 0 && record.members.every((m) => m.status === 'failed' || m.status === 'diverged');
    if (loadError) finish('failed', `trial ${loadError.trial + 1}: ${loadError.error.message}`);
    else if (stopRequested) finish('cancelled');
    else if (everyTrialFailed) finish('failed', 'every trial failed');
    else finish('completed');
    const trials: SweepTrialSummary[] = record.members.map((m) => ({ runId: m.runId, trial: m.index, params: m.params ?? {}, status: m.status, metrics: m.metrics }));
    const best = record.best === undefined ? undefined : trials[record.best];
    const finished: SweepFinishedEvent = { type: 'sweep-finished', sweepId, status: record.status, metric: plan.metric, goal: plan.goal, trials, best };
    emit(finished);
    return { record, finished, loadError };
  };

  const finish = (status: SweepRecord['status'], error?: string) => {
    record.status = status;
    record.endedAt = new Date().toISOString();
    if (error !== undefined) record.error = error;
    writeGroup(runsDir, record);
  };

  return {
    sweepId,
    runsDir,
    done: run(),
    stop: stopAll,
    kill: () => {
      stopRequested = true;
      for (const handle of running.values()) handle.kill();
    },
  };
}
