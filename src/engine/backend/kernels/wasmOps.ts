// Building blocks for kernels on the WebAssembly backend: scratch tensors on its heap and calls into
// its own (fast, SIMD) kernels, so that our kernels are data movement in JS + the backend's matmul.
import * as tf from '@tensorflow/tfjs';
import { heapMatMul } from '../simd/heapMatMul';
import { asHeapBackend, heapBackend } from '../tfjsInternals';

export const isWasm = (backend: tf.KernelBackend): boolean => heapBackend(backend) !== undefined;

export const asWasm = asHeapBackend;

/** tfjs' own kernels as they were before ours replaced any, captured once per backend. */
const originals = new Map<string, tf.KernelConfig>();

export function originalKernel(kernelName: string, backendName: string): tf.KernelConfig {
  const key = `${kernelName}/${backendName}`;
  let config = originals.get(key);
  if (!config) {
    config = tf.getKernel(kernelName, backendName);
    if (!config) throw new Error(`${backendName} has no ${kernelName} kernel`);
    originals.set(key, config);
  }
  return config;
}

/** Captures the originals a wrapper will call, before the wrapper replaces them. */
export function captureOriginal(kernelName: string, backendName: string): void {
  if (tf.getKernel(kernelName, backendName)) originalKernel(kernelName, backendName);
}

export function callKernel(kernelName: string, backend: tf.KernelBackend, inputs: tf.NamedTensorInfoMap, attrs: Record<string, unknown> = {}): tf.TensorInfo {
  const config = originalKernel(kernelName, 'wasm');
  return config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

/** A view of the same data with another shape (no copy; the wasm kernels take the shape from the info). */
export const view = (info: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ dataId: info.dataId, shape, dtype: info.dtype });

/** a[M,K] × b[K,N] (batched: [B,M,K] × [B,K,N]): Model Lab's SIMD product, else the backend's untransposed one. */
export function matMulNN(backend: tf.KernelBackend, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  return heapMatMul(backend, a, b, { transposeA: false, transposeB: false }) ?? callKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}

/** A float32 scratch tensor on the heap, filled by `fill` (which gets a view valid only during the call). */
export function scratch(backend: tf.KernelBackend, shape: number[], fill: (out: Float32Array) => void): tf.TensorInfo {
  const w = asWasm(backend);
  const info = w.makeOutput(shape, 'float32');
  fill(w.typedArrayFromHeap(info) as Float32Array);
  return info;
}

export function release(backend: tf.KernelBackend, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) asWasm(backend).disposeData(info.dataId);
}
