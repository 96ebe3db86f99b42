// Zero-copy access to float32 tensors on the backends that keep data in host memory. On wasm,
// dataSync() copies out of the heap into a fresh ArrayBuffer (a copy and garbage per read); a view of
// the heap costs nothing, but any allocation may grow the heap and detach it: take views after making
// outputs, and use them before creating the next tensor.
import * as tf from '@tensorflow/tfjs';
import { cpuBackend, heapBackend, tensorFromInfo } from './tfjsInternals';

/** A float32 view of `t`'s data (a copy only where the backend keeps no host array); valid until the next allocation. */
export function hostValues(t: tf.Tensor): Float32Array {
  const backend = tf.backend();
  if (t.dtype === 'float32') {
    const heap = heapBackend(backend);
    if (heap) return heap.typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }) as Float32Array;
    const values = cpuBackend(backend)?.data.get(t.dataId)?.values;
    if (values instanceof Float32Array) return values;
  }
  const data = t.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}

/** Calls `use` with read-only float32 views of `tensors`; `use` must not create tensors. */
export function withHostViews<T>(tensors: tf.Tensor[], use: (views: Float32Array[]) => T): T {
  return use(tensors.map(hostValues));
}

/** A new float32 tensor, its values not yet written: fill them through hostValues (on wasm, after the last allocation). */
export function uninitializedTensor(shape: number[]): tf.Tensor {
  const backend = tf.backend();
  const heap = heapBackend(backend);
  if (heap) return tensorFromInfo(heap.makeOutput(shape, 'float32'));
  return tf.tensor(new Float32Array(shape.reduce((p, d) => p * d, 1)), shape, 'float32');
}

/** A new float32 tensor whose values `fill` writes (in place on the wasm heap). */
export function tensorFromHost(shape: number[], fill: (out: Float32Array) => void): tf.Tensor {
  const t = uninitializedTensor(shape);
  fill(hostValues(t));
  return t;
}
