// Moving gradients between replicas: one flat Float32Array per message, in trainable-weight order
// (names differ between a replica and the loop when the loop's process built other models first).
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';

export function flattenGradients(variables: tf.Variable[], grads: tf.NamedTensorMap): Float32Array {
  const out = new Float32Array(variables.reduce((n, v) => n + v.size, 0));
  let offset = 0;
  for (const v of variables) {
    out.set(grads[v.name].dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return out;
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
