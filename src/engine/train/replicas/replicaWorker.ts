// A data-parallel replica (a worker thread; bundled as dist/train-replica.js): sets up the same
// experiment as the loop, then answers its steps one at a time. See protocol.ts.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../data/rng';
import { gatherBatch } from '../batches';
import { trainableVariables } from '../batchGradients';
import { setUpFromFile } from '../setUpFromFile';
import type { TrainingSetup } from '../setup';
import type { FromReplica, ReplicaStart, ReplicaUpdate, ToReplica } from './protocol';
import { shardGradients, unflattenGradients, weightsDigest } from './weights';

tf.enableProdMode();
const port = parentPort!;
const send = (message: FromReplica, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function applyUpdate(setup: TrainingSetup, variables: tf.Variable[], update: ReplicaUpdate): void {
  if (update.learningRate !== setup.optimizer.getLearningRate()) setup.optimizer.setLearningRate(update.learningRate);
  const grads = unflattenGradients(variables, update.gradients);
  setup.optimizer.optimizer.applyGradients(grads);
  tf.dispose(grads);
}

async function answerStep(setup: TrainingSetup, variables: tf.Variable[], rows: Uint32Array): Promise<void> {
  if (rows.length === 0) return send({ type: 'gradients', gradients: new Float32Array(0), values: [], count: 0 });
  const batch = gatherBatch(setup.data.train, setup.data, rows, 0, rows.length);
  try {
    const { gradients, values } = await shardGradients(setup, variables, batch);
    send({ type: 'gradients', gradients, values, count: rows.length }, [gradients.buffer as ArrayBuffer]);
  } finally {
    tf.dispose([batch.x, batch.y]);
  }
}

async function main(): Promise<void> {
  const { request, replica } = workerData as ReplicaStart;
  const { setup } = await setUpFromFile({ ...request, backend: 'wasm', cores: 1 });
  // Same initial weights as the loop (same seed, above); dropout masks of its own from here on.
  Math.random = createRng((setup.seed ^ 0x2545f491) + replica * 7919);
  const variables = trainableVariables(setup);
  send({ type: 'ready', digest: weightsDigest(variables) });
  // One message at a time, in order: an update must land before the next step's gradients.
  let queue = Promise.resolve();
  port.on('message', (message: ToReplica) => {
    queue = queue
      .then(async () => {
        if (message.type === 'update') applyUpdate(setup, variables, message.update);
        else if (message.type === 'step') await answerStep(setup, variables, message.rows);
        else send({ type: 'digest', digest: weightsDigest(variables) });
      })
      .catch(fail);
  });
}

function fail(err: unknown): void {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined });
}

main().catch(fail);
