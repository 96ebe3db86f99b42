// One training run, start to finish, inside the training process: load, set up, record, train.
import * as path from 'node:path';
import { createRng } from '../data/rng';
import type { RunFinishedEvent, RunStartedEvent, TrainingEvent } from '../../protocol/events';
import type { Finding } from '../diagnostics/types';
import { userCodeError } from '../loader/evaluate';
import { gitInfo, fileSha256 } from '../runs/git';
import { saveModel } from '../runs/modelFiles';
import { LIVE_RUN_PACE, RunStore, type RunWriter } from '../runs/store';
import { TrainingLoop } from '../train/loop';
import { summarizeModel } from '../train/modelSummary';
import { setUpFromFile, type SetUpRequest } from '../train/setUpFromFile';
import { ReplicaPool } from '../train/replicas/replicaPool';
import { trainableVariables } from '../train/batchGradients';
import type { BackendInfo } from '../../protocol/events';
import type { TrainingSetup } from '../train/setup';
import { stepsPerEpoch } from '../train/batches';
import { createMonitor, emptyTrace, probeSettings } from '../diagnostics/session';
import { LoadError } from '../loader/errors';
import type { TrainRequest } from './protocol';

export interface TrainingIO {
  send(event: TrainingEvent): void;
  isCancelled(): boolean;
}

/** Loads and prepares; throws LoadError for bad input before any run is recorded. */
async function prepare(request: TrainRequest) {
  const setUpRequest: SetUpRequest = {
    file: request.file,
    experiment: request.experiment,
    backend: request.backend,
    epochs: request.epochs,
    batchSize: request.batchSize,
    seed: request.seed,
    params: request.params,
    fold: request.fold,
    cores: request.cores,
  };
  const { loaded, selected, setup, backend: chosen } = await setUpFromFile(setUpRequest);
  const steps = stepsPerEpoch(setup.data.train.count, setup.batchSize);
  let probes;
  let monitor;
  const trace = emptyTrace(setup, steps);
  const pending: Finding[] = [];
  try {
    probes = probeSettings(setup, steps, request.probeEverySteps);
    // Findings wait in `pending` until the run exists; then they go straight to the run.
    monitor = createMonitor(setup, trace, (finding) => pending.push(finding), request.stopOnDivergence);
  } catch (err) {
    throw new LoadError('bad-config', err instanceof Error ? err.message : String(err), selected.experiment.location);
  }
  const { backend, replicas, replicasFailure } = await startReplicas(setUpRequest, setup, chosen);
  return { loaded, selected, setup, backend, replicas, replicasFailure, probes, monitor, trace, pending };
}

/** The data-parallel replicas the backend choice asked for; without them (and why) when they fail to start. */
async function startReplicas(request: SetUpRequest, setup: TrainingSetup, backend: BackendInfo): Promise<{ backend: BackendInfo; replicas?: ReplicaPool; replicasFailure?: string }> {
  if (!backend.replicas || backend.replicas < 2) return { backend };
  try {
    return { backend, replicas: await ReplicaPool.start(request, backend.replicas, trainableVariables(setup)) };
  } catch (err) {
    const { replicas: _r, replicasReason: _why, ...single } = backend;
    return { backend: single, replicasFailure: `Training on one thread: the data-parallel replicas did not start (${err instanceof Error ? err.message : String(err)})` };
  }
}

function jsonSafeConfig(setup: TrainingSetup, request: TrainRequest): Record<string, unknown> {
  const c = setup.config;
  const data = typeof c.data === 'function' ? { kind: 'function' } : c.data.kind === 'function' ? { kind: 'function', options: c.data.options } : { ...c.data, fn: undefined };
  return {
    name: c.name,
    description: c.description,
    data: { ...data, resolved: { name: setup.data.name, task: setup.data.task, featureShape: setup.data.featureShape, targetShape: setup.data.targetShape, numClasses: setup.data.numClasses, ...(setup.data.featuresAreIds ? { featuresAreIds: setup.data.featuresAreIds } : {}), ...(setup.data.encoding ? { encoding: setup.data.encoding } : {}), train: setup.data.train.count, validation: setup.data.validation?.count ?? 0, test: setup.data.test?.count ?? 0 } },
    optimizer: setup.optimizer.describe(),
    loss: setup.lossName,
    metrics: setup.metricNames,
    epochs: setup.epochs,
    batchSize: setup.batchSize,
    seed: setup.seed,
    ...(Object.keys(setup.params).length > 0 ? { params: setup.params } : {}),
    ...(request.fold ? { fold: request.fold } : {}),
    shuffle: setup.shuffle,
    earlyStopping: c.earlyStopping ?? false,
    reduceLROnPlateau: c.reduceLROnPlateau ?? false,
    backendRequested: request.backend,
  };
}

export async function runTraining(request: TrainRequest, io: TrainingIO): Promise<RunFinishedEvent> {
  const { setup, backend, replicas, replicasFailure, probes, monitor, trace, pending } = await prepare(request);
  const store = new RunStore(request.runsDir);
  const config = jsonSafeConfig(setup, request);
  const writer: RunWriter = store.createRun({
    runId: request.runId,
    experiment: setup.config.name,
    file: request.file,
    relativeFile: path.relative(request.workspace, request.file),
    pid: process.pid,
    git: gitInfo(request.file),
    fileHash: fileSha256(request.file),
    config,
    seed: setup.seed,
    epochs: setup.epochs,
    params: Object.keys(setup.params).length > 0 ? setup.params : undefined,
    group: request.group,
  }, LIVE_RUN_PACE);
  const emit = (event: TrainingEvent) => {
    writer.append(event);
    io.send(event);
  };
  const loop = new TrainingLoop(
    setup,
    createRng(setup.seed ^ 0x5f3759df),
    {
      emit,
      isCancelled: io.isCancelled,
      saveModel: (kind) => saveModel(setup.model, path.join(store.runDir(request.runId), `model-${kind}`)),
    },
    probes,
    probes.interval > 0 ? monitor : undefined,
    replicas,
  );
  const started: RunStartedEvent = {
    type: 'run-started',
    runId: request.runId,
    time: new Date().toISOString(),
    experiment: setup.config.name,
    file: request.file,
    backend,
    seed: setup.seed,
    epochs: setup.epochs,
    batchSize: setup.batchSize,
    stepsPerEpoch: loop.stepsPerEpoch,
    trainSamples: setup.data.train.count,
    validationSamples: setup.data.validation?.count ?? 0,
    model: summarizeModel(setup.model),
    config,
    variables: trace.variables,
    probeInterval: probes.interval,
  };
  emit(started);
  for (const skip of backend.skipped) emit({ type: 'log', level: 'info', message: `Backend ${skip.name} not used: ${skip.reason}` });
  if (backend.threadsReason) emit({ type: 'log', level: 'info', message: `Backend ${backend.name}: ${backend.threadsReason}` });
  if (backend.replicasReason) emit({ type: 'log', level: 'info', message: `Backend ${backend.name}: ${backend.replicasReason}` });
  if (replicasFailure) emit({ type: 'log', level: 'warning', message: replicasFailure });
  for (const warning of backend.warnings ?? []) emit({ type: 'log', level: 'warning', message: warning });
  monitor.runStatic();
  // From here on, findings are streamed the moment a rule reports them.
  const report = (finding: Finding) => emit({ type: 'diagnostic', finding });
  pending.splice(0).forEach(report);
  monitor.setReporter(report);
  let finished: RunFinishedEvent;
  try {
    const result = await loop.run();
    finished = { type: 'run-finished', runId: request.runId, time: new Date().toISOString(), status: result.status, backend: backend.name, epochsCompleted: result.epochsCompleted, samplesPerSecond: result.samplesPerSecond, metrics: result.metrics, bestEpoch: result.bestEpoch, bestMetrics: result.bestMetrics, stopReason: result.stopReason, diagnostics: monitor.findings };
  } catch (err) {
    const located = userCodeError('model-threw', 'Training failed', err);
    finished = { type: 'run-finished', runId: request.runId, time: new Date().toISOString(), status: 'failed', backend: backend.name, epochsCompleted: writer.record.epochsCompleted ?? 0, samplesPerSecond: 0, metrics: writer.record.metrics ?? {}, error: { message: err instanceof Error ? err.message : String(err), location: located.location, stack: err instanceof Error ? err.stack : undefined }, diagnostics: monitor.findings };
  }
  await replicas?.dispose();
  emit(finished);
  writer.close();
  return finished;
}
