// Whether a model trains faster split across data-parallel replicas, one core each. Measured on 2
// cores (npm run bench, rows replicas@2): the bench CNN (~42M multiply-adds per batch in its
// convolutions) trains 1.09–1.30× faster on 2 replicas, where the wasm build's own threads gave it
// 0.93–1.11× in the same runs; the digits CNN (2.7M, shards of 16) loses a third; the MLP and the LSTM
// gain nothing (their steps are too short for the exchange to pay). Replicas share nothing but
// gradients, so every kernel runs in parallel, not only XNNPACK's.
import type * as tf from '@tensorflow/tfjs';
import { convolutionWork } from '../../backend/wasmThreadChoice';
import { defaultWasmThreads, wasmThreadsFromEnv } from '../../backend/wasmThreads';
import { countFromEnv } from '../../envCount';

/** Multiply-adds per batch (forward, convolutions) above which replicas are chosen. */
export const REPLICA_CONVOLUTION_WORK = 20e6;
/** Fewer rows per shard than this and the per-step exchange outweighs the split. */
export const MIN_SHARD_ROWS = 16;

export interface ReplicaChoice {
  replicas: number;
  reason: string;
}

/** MODELLAB_REPLICAS as a count, undefined when unset; throws on anything but a whole number ≥ 1. */
export function replicasFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return countFromEnv(env, 'MODELLAB_REPLICAS', 'no replicas');
}

/**
 * Replicas for this model on the wasm backend, or undefined for one. MODELLAB_REPLICAS always wins;
 * an explicit MODELLAB_WASM_THREADS asks for the threaded build instead, so it turns the automatic
 * choice off.
 */
export function chooseReplicas(model: tf.LayersModel, batchSize: number, env: NodeJS.ProcessEnv = process.env, cores = defaultWasmThreads()): ReplicaChoice | undefined {
  const explicit = replicasFromEnv(env);
  if (explicit !== undefined) {
    const replicas = Math.min(explicit, batchSize);
    return replicas > 1 ? { replicas, reason: `${replicas} data-parallel replicas (MODELLAB_REPLICAS=${explicit})` } : undefined;
  }
  if (wasmThreadsFromEnv(env) !== undefined) return undefined;
  const replicas = Math.min(cores, Math.floor(batchSize / MIN_SHARD_ROWS));
  if (replicas < 2) return undefined;
  const work = convolutionWork(model, batchSize);
  if (work < REPLICA_CONVOLUTION_WORK) return undefined;
  return {
    replicas,
    reason: `${replicas} data-parallel replicas, one per core: the convolutions do ${(work / 1e6).toFixed(0)}M multiply-adds per batch, enough to pay for splitting each batch (set MODELLAB_REPLICAS=1 for one)`,
  };
}
