// Reading inputs and writing outputs of a kernel the same way on the plain-JS and WebAssembly backends.
import * as tf from '@tensorflow/tfjs';

type CpuLike = { data: { get(id: tf.TensorInfo['dataId']): { values: tf.backend_util.BackendValues } }; makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo };
type WasmLike = { readSync(id: tf.TensorInfo['dataId']): tf.backend_util.BackendValues; makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo; typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray };

export function readFloat32(backend: tf.KernelBackend, info: tf.TensorInfo): Float32Array {
  const values = 'typedArrayFromHeap' in backend ? (backend as unknown as WasmLike).readSync(info.dataId) : (backend as unknown as CpuLike).data.get(info.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

export function writeFloat32(backend: tf.KernelBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  if ('typedArrayFromHeap' in backend) {
    const wasm = backend as unknown as WasmLike;
    const out = wasm.makeOutput(shape, 'float32');
    (wasm.typedArrayFromHeap(out) as Float32Array).set(values);
    return out;
  }
  return (backend as unknown as CpuLike).makeTensorInfo(shape, 'float32', values);
}
