// What replicas exchange: one flat Float32Array of gradients per message, in trainable-weight order
// (names differ between a replica and the loop when the loop's process built other models first).
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { hostValues } from '../../backend/hostView';
import { batchGradients } from '../batchGradients';
import type { TrainingSetup } from '../setup';

/** Every variable's gradient, concatenated (one copy, straight from the backend's memory). */
export function flattenGradients(variables: tf.Variable[], grads: tf.NamedTensorMap): Float32Array {
  const out = new Float32Array(variables.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    out.set(hostValues(grads[v.name]), offset);
    offset += v.size;
  }
  return out;
}

/** One shard's flat gradients and [loss, ...metric means]: what the loop and each replica compute. */
export async function shardGradients(setup: TrainingSetup, variables: tf.Variable[], batch: { x: tf.Tensor; y: tf.Tensor }): Promise<{ gradients: Float32Array; values: number[] }> {
  const { value, grads, metrics } = batchGradients(setup, variables, batch);
  try {
    const gradients = flattenGradients(variables, grads);
    const values = Array.from(await tf.tidy(() => tf.stack([value, ...metrics.map((m) => tf.mean(m))])).data());
    return { gradients, values };
  } finally {
    tf.dispose([value, ...metrics]);
    tf.dispose(grads);
  }
}

/** The flat array as gradients of `variables` (new tensors; the caller disposes them). */
export function unflattenGradients(variables: tf.Variable[], flat: Float32Array): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  let offset = 0;
  for (const v of variables) {
    out[v.name] = tf.tensor(flat.subarray(offset, offset + v.size), v.shape);
    offset += v.size;
  }
  return out;
}

/** SHA-256 of every trainable weight's bytes: equal digests, equal weights. */
export function weightsDigest(variables: tf.Variable[]): string {
  const hash = createHash('sha256');
  for (const v of variables) {
    const data = v.dataSync() as Float32Array;
    hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return hash.digest('hex');
}
