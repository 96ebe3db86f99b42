// Zero-copy reads of float32 tensors on the backends that keep data in host memory. On wasm,
// dataSync() copies out of the heap into a fresh ArrayBuffer (a copy and garbage per read); a view
// of the heap costs nothing, but a heap that grows detaches it, so views live only inside `use`,
// which must not create tensors.
import * as tf from '@tensorflow/tfjs';

interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}
interface CpuBackend {
  data: { get(id: tf.TensorInfo['dataId']): { values: tf.backend_util.BackendValues } };
}

function view(backend: tf.KernelBackend, t: tf.Tensor): Float32Array {
  if (t.dtype === 'float32') {
    if ('typedArrayFromHeap' in backend) return (backend as unknown as HeapBackend).typedArrayFromHeap({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }) as Float32Array;
    const values = (backend as unknown as CpuBackend).data?.get(t.dataId)?.values;
    if (values instanceof Float32Array) return values;
  }
  const data = t.dataSync();
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}

/** Calls `use` with read-only float32 views of `tensors` (copies only where the backend has no host view). */
export function withHostViews<T>(tensors: tf.Tensor[], use: (views: Float32Array[]) => T): T {
  const backend = tf.backend();
  return use(tensors.map((t) => view(backend, t)));
}
