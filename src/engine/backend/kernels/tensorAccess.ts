// Reading inputs and writing outputs of a kernel the same way on the plain-JS and WebAssembly backends.
import type * as tf from '@tensorflow/tfjs';
import { cpuBackend, heapBackend } from '../tfjsInternals';

export function readFloat32(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array {
  const values = heapBackend(backend)?.readSync(info.dataId) ?? plainJs(backend).data.get(info.dataId)?.values;
  if (values === undefined) throw new Error('tensor data not found on its backend');
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

export function writeFloat32(backend: tf.KernelBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  const heap = heapBackend(backend);
  if (heap) {
    const out = heap.makeOutput(shape, 'float32');
    (heap.typedArrayFromHeap(out) as Float32Array).set(values);
    return out;
  }
  return plainJs(backend).makeTensorInfo(shape, 'float32', values);
}

function plainJs(backend: tf.KernelBackend) {
  const cpu = cpuBackend(backend);
  if (!cpu) throw new Error('a kernel for the wasm and cpu backends ran on another backend');
  return cpu;
}
