// What a training run and the learning-rate finder both do before their first step: load the model
// file, pick its experiment, choose a backend, seed Math.random, build the setup, and check that the
// backend has every kernel training needs (falling back when it does not).
import { findWorkspace } from '../util/workspace';
import * as tf from '@tensorflow/tfjs';
import { ensureTrainable, selectBackend } from '../backend/select';
import { chooseWasmThreads } from '../backend/wasmThreadChoice';
import { defaultWasmThreads, useThreadedWasm, wasmThreadsInUse } from '../backend/wasmThreads';
import { createRng } from '../data/rng';
import type { BackendInfo, BackendRequest } from '../../protocol/events';
import { loadModelFile, selectExperiment, type LoadedExperiment, type LoadedModelFile } from '../loader/evaluate';
import { gatherBatch } from './batches';
import { createSetup, type Overrides, type TrainingSetup } from './setup';
import { chooseReplicas } from './replicas/replicaChoice';
import { LoadError } from '../loader/errors';
import { checkExperiment } from '../config/checkExperiment';

export interface SetUpRequest extends Overrides {
  file: string;
  experiment?: string;
  backend: BackendRequest;
  /**
   * The cores this run may use (default: all of the machine's). With more than one, Model Lab picks
   * data-parallel replicas or the threaded wasm build where they pay. Runs side by side share the
   * machine; a replica sets up with 1.
   */
  cores?: number;
  /** Whether the caller starts the replicas the backend asks for (default true); if not, the threaded build is the choice. */
  replicas?: boolean;
}

export interface SetUpExperiment {
  loaded: LoadedModelFile;
  selected: LoadedExperiment;
  setup: TrainingSetup;
  backend: BackendInfo;
}

/** Throws LoadError for bad input. Replaces Math.random: call it in a process that sets up one model. */
export async function setUpFromFile(request: SetUpRequest): Promise<SetUpExperiment> {
  const { file, experiment, backend: backendRequest, cores = defaultWasmThreads(), replicas = true, ...overrides } = request;
  const loaded = await loadModelFile(file);
  const selected = selectExperiment(loaded, experiment);
  // Before anything reads the config (the seed just below): a bad key or value is said at its line.
  checkExperiment(selected.experiment);
  // Native backends are looked for in the per-user folder, then the model's workspace, then Model Lab's own.
  let backend = await selectBackend(backendRequest, findWorkspace(file));
  // Initializers and dropout without an explicit seed draw from Math.random: seeded, runs repeat.
  Math.random = createRng(overrides.seed ?? selected.experiment.config.seed ?? 42);
  const setup = await createSetup(selected.experiment, overrides);
  if (backend.name === 'wasm' && cores > 1) backend = await coresWherePaying(backend, setup, cores, replicas);
  backend = await ensureTrainable(backend, () => probeGradients(setup));
  return { loaded, selected, setup, backend };
}

/**
 * More cores for a model whose convolutions are big enough to pay: data-parallel replicas (which the
 * training run starts; see train/replicas/), else the threaded wasm build. For the threaded build, the
 * model built on the single-threaded one is kept (same layer names, same weights): its tensors move
 * to the threaded build the first time they are used.
 */
async function coresWherePaying(backend: BackendInfo, setup: TrainingSetup, cores: number, startsReplicas: boolean): Promise<BackendInfo> {
  let replicas;
  try {
    replicas = startsReplicas ? chooseReplicas(setup.model, setup.batchSize, process.env, cores) : undefined;
  } catch (err) {
    throw new LoadError('backend-unavailable', (err as Error).message);
  }
  if (replicas) return { ...backend, replicas: replicas.replicas, replicasReason: replicas.reason };
  const choice = chooseWasmThreads(setup.model, setup.batchSize, process.env, cores);
  if (!choice || !useThreadedWasm(choice.threads)) return backend;
  await tf.setBackend('wasm');
  await tf.ready();
  return { ...backend, threads: wasmThreadsInUse(), threadsReason: choice.reason };
}

/** One gradient computation on two samples, without an update: does this backend have every kernel training needs? */
function probeGradients(setup: TrainingSetup): void {
  const n = Math.min(2, setup.data.train.count);
  const batch = gatherBatch(setup.data.train, setup.data, null, 0, n);
  const variables = setup.model.trainableWeights.map((w) => w.read() as tf.Variable);
  if (variables.length === 0) return;
  const { value, grads } = tf.variableGrads(() => setup.loss(batch.y, setup.model.apply(batch.x, { training: false }) as tf.Tensor) as tf.Scalar, variables);
  tf.dispose([value, batch.x, batch.y]);
  tf.dispose(grads);
}
