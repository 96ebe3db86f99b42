// Runs a job (src/protocol/jobs.ts) in this process and hands its events to `emit`: the same events, in the same
// order, whether `modellab <command> --json` prints them or the job process sends them to the extension. The
// exit code is the CLI's: 0 done, 1 the work failed (every trial failed, verification failed, a degenerate
// curve), 2 bad input.
import * as path from 'node:path';
import type { CrossValidateJob, EvaluateJob, ExportFinishedEvent, ExportJob, JobEvent, JobRequest, LrFindJob, SweepJob } from '../../protocol/jobs';
import type { TrainingEvent } from '../../protocol/events';
import { backendReport } from '../backend/status';
import { startCrossValidation } from '../crossValidation/run';
import { evaluateRun, EvaluationError, type EvaluationResult } from '../evaluate/evaluateRun';
import { LoadError } from '../loader/errors';
import { DegenerateCurveError } from '../lrFind/suggest';
import { LrRangeError, runLrFind } from '../lrFind/runLrFind';
import { exportRun, OnnxExportError, type ExportRunResult } from '../onnx/index';
import { planSweep } from '../sweep/plan';
import { startSweep } from '../sweep/runSweep';

export interface JobHandle {
  /** The exit code, once the job has ended and emitted its last event. */
  done: Promise<number>;
  /** No new trials or folds; running ones stop after their current batch and are recorded. */
  stop(): void;
  /** Ends running member processes at once. */
  kill(): void;
  /** Whether stop() lets the job end by itself, recorded; a job that cannot (one step of work) ends with its process. */
  stoppable: boolean;
}

type Emit = (event: JobEvent) => void;

const loadErrorEvent = (error: { code: string; message: string; location?: LoadError['location'] }): JobEvent => ({ type: 'error', code: error.code, message: error.message, location: error.location });

export function startJob(request: JobRequest, emit: Emit): JobHandle {
  switch (request.kind) {
    case 'lr-find':
      return oneShot(lrFind(request, emit));
    case 'sweep':
      return sweep(request, emit);
    case 'cross-validate':
      return crossValidate(request, emit);
    case 'export':
      return oneShot(exportJob(request, emit));
    case 'evaluate':
      return oneShot(evaluate(request, emit));
    case 'backend-status':
      return oneShot(backendReport(request.workspace).then((report) => (emit(report), 0)));
  }
}

/** A job with nothing to stop between its steps: stopping it is ending its process. */
function oneShot(done: Promise<number>): JobHandle {
  return { done, stop: () => undefined, kill: () => undefined, stoppable: false };
}

async function lrFind(request: LrFindJob, emit: Emit): Promise<number> {
  try {
    const { kind: _kind, ...options } = request;
    await runLrFind(options, { send: emit });
    return 0;
  } catch (err) {
    if (!(err instanceof LoadError || err instanceof LrRangeError || err instanceof DegenerateCurveError)) throw err;
    emit({ type: 'error', code: err.code, message: err.message, location: err instanceof LoadError ? err.location : undefined });
    // A curve without a readable rate is a failed test, not bad input.
    return err instanceof DegenerateCurveError ? 1 : 2;
  }
}

/** The member runs' events a sweep relays, tagged with their trial. */
const RELAYED: TrainingEvent['type'][] = ['run-started', 'epoch', 'run-finished'];

function sweep(request: SweepJob, emit: Emit): JobHandle {
  let handle: ReturnType<typeof startSweep> | undefined;
  let stopped = false;
  const done = (async () => {
    let plan;
    try {
      plan = await planSweep(path.resolve(request.file), request.experiment, { ...request.overrides, trials: request.trials, parallel: request.parallel });
    } catch (err) {
      if (!(err instanceof LoadError)) throw err;
      emit(loadErrorEvent(err));
      return 2;
    }
    const started = startSweep(plan, {
      backend: request.backend,
      runsDir: request.runsDir ? path.resolve(request.runsDir) : undefined,
      ...request.overrides,
      // sweep-finished waits for the end, so that a load error's line comes before it and it stays last.
      onEvent: (event) => event.type !== 'sweep-finished' && emit(event),
      onTrainingEvent: (event, trial, runId) => RELAYED.includes(event.type) && emit({ ...event, sweepId: started.sweepId, trial, runId }),
    });
    handle = started;
    if (stopped) started.stop();
    const result = await started.done;
    if (result.loadError) emit(loadErrorEvent(result.loadError.error));
    emit(result.finished);
    if (result.loadError?.trial === 0) return 2;
    const trials = result.finished.trials;
    return trials.length > 0 && trials.every((t) => t.status === 'failed' || t.status === 'diverged') ? 1 : 0;
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      handle?.stop();
    },
    kill: () => handle?.kill(),
    stoppable: true,
  };
}

function crossValidate(request: CrossValidateJob, emit: Emit): JobHandle {
  const handle = startCrossValidation(
    {
      file: request.file,
      experiment: request.experiment,
      folds: request.folds,
      parallel: request.parallel,
      ...request.overrides,
      backend: request.backend,
      runsDir: request.runsDir ? path.resolve(request.runsDir) : undefined,
    },
    { onEvent: emit, onTrainingEvent: emit },
  );
  const done = handle.done.then((outcome) => {
    if (outcome.kind === 'load-error') {
      emit(loadErrorEvent(outcome.error));
      return 2;
    }
    return outcome.finished.status === 'failed' ? 1 : 0;
  });
  return { done, stop: () => handle.cancel(), kill: () => handle.kill(), stoppable: true };
}

async function exportJob(request: ExportJob, emit: Emit): Promise<number> {
  let result: ExportRunResult;
  try {
    result = await exportRun(request.runsDir, request.run, { out: request.out, opset: request.opset, which: request.which, verify: request.verify });
  } catch (err) {
    if (!(err instanceof OnnxExportError)) throw err;
    emit({ type: 'error', code: err.code, message: err.message, layer: err.layer?.name, className: err.layer?.className, location: err.layer?.location });
    return err.code === 'internal' ? 1 : 2;
  }
  const event = exportFinishedEvent(result);
  emit(event);
  return event.type === 'export-failed' ? 1 : 0;
}

/** The export's result as its event (the CLI's text summary reads the full result instead). */
export function exportFinishedEvent(result: ExportRunResult): ExportFinishedEvent {
  const { report } = result;
  const v = report.verification;
  const verification: ExportFinishedEvent['verification'] = v
    ? {
      passed: v.passed, tolerance: v.tolerance, runtime: v.runtime, realInputs: result.realInputs, outputs: v.outputs,
      cases: v.cases.map((c) => ({ label: c.label, batch: c.batch, passed: c.passed, outputs: c.outputs.map((o) => ({ name: o.name, shape: o.shape, maxAbs: o.maxAbs, maxRel: o.maxRel, mismatches: o.mismatches, firstMismatch: o.firstMismatch })) })),
    }
    : { skipped: true };
  return {
    type: !v || v.passed ? 'export-finished' : 'export-failed',
    file: result.file ?? null, runId: result.runId, opset: report.opset, irVersion: report.irVersion, sizeBytes: report.sizeBytes, nodes: report.nodes, inputs: report.inputs, outputs: report.outputs, verification,
  };
}

async function evaluate(request: EvaluateJob, emit: Emit): Promise<number> {
  let result: EvaluationResult;
  try {
    result = await evaluateRun(request.runsDir, request.run, { model: request.model });
  } catch (err) {
    if (!(err instanceof EvaluationError)) throw err;
    emit({ type: 'error', code: err.code, message: err.message });
    return 2;
  }
  const { runId, evaluation, previousEvaluations } = result;
  emit({ type: 'evaluation-finished', runId, metrics: evaluation.metrics, model: evaluation.model, samples: evaluation.samples, fileChanged: evaluation.fileChanged, previousEvaluations });
  return 0;
}
