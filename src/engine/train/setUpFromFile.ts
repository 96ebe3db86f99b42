// What a training run and the learning-rate finder both do before their first step: load the model
// file, pick its experiment, choose a backend, seed Math.random, build the setup, and check that the
// backend has every kernel training needs (falling back when it does not).
import * as tf from '@tensorflow/tfjs';
import { ensureTrainable, selectBackend } from '../backend/select';
import { chooseWasmThreads } from '../backend/wasmThreadChoice';
import { useThreadedWasm, wasmThreadsInUse } from '../backend/wasmThreads';
import { createRng } from '../data/rng';
import type { BackendInfo, BackendRequest } from '../events';
import { loadModelFile, selectExperiment, type LoadedExperiment, type LoadedModelFile } from '../loader/evaluate';
import { gatherBatch } from './batches';
import { createSetup, type Overrides, type TrainingSetup } from './setup';

export interface SetUpRequest extends Overrides {
  file: string;
  experiment?: string;
  backend: BackendRequest;
}

export interface SetUpExperiment {
  loaded: LoadedModelFile;
  selected: LoadedExperiment;
  setup: TrainingSetup;
  backend: BackendInfo;
}

/** Throws LoadError for bad input. Replaces Math.random: call it in a process that sets up one model. */
export async function setUpFromFile(request: SetUpRequest): Promise<SetUpExperiment> {
  const { file, experiment, backend: backendRequest, ...overrides } = request;
  const loaded = await loadModelFile(file);
  const selected = selectExperiment(loaded, experiment);
  let backend = await selectBackend(backendRequest);
  // Initializers and dropout without an explicit seed draw from Math.random: seeded, runs repeat.
  Math.random = createRng(overrides.seed ?? selected.experiment.config.seed ?? 42);
  const setup = await createSetup(selected.experiment, overrides);
  if (backend.name === 'wasm') backend = await threadsWherePaying(backend, setup);
  backend = await ensureTrainable(backend, () => probeGradients(setup));
  return { loaded, selected, setup, backend };
}

/**
 * Switches to the threaded wasm build when the model's convolutions are big enough to pay for it. The
 * model built on the single-threaded build is kept (same layer names, same weights): its tensors move
 * to the threaded build the first time they are used.
 */
async function threadsWherePaying(backend: BackendInfo, setup: TrainingSetup): Promise<BackendInfo> {
  const choice = chooseWasmThreads(setup.model, setup.batchSize);
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
