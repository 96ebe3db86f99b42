// Column sums of a float32 tensor where tfjs keeps it on the WebAssembly backend's heap, through the
// emitted SIMD pass (columnSumModule.ts): the output is written in place, nothing is copied.
import type * as tf from '@tensorflow/tfjs';
import { asHeapBackend } from '../tfjsInternals';
import { columnSumModuleBytes } from './columnSumModule';
import { boundKernel } from './simdSwitch';
import { instantiate, isShared, memoryOf } from './wasmRuntime';

interface ColumnSumExports {
  columnSums(a: number, rows: number, cols: number, out: number): void;
}

const kernels = new WeakMap<object, ColumnSumExports | null>();

const columnSumsFor = (backend: tf.KernelBackend): ColumnSumExports | undefined =>
  boundKernel(kernels, backend, (module) => {
    const memory = memoryOf(module);
    return memory && instantiate<ColumnSumExports>(columnSumModuleBytes({ sharedMemory: isShared(memory) }), memory);
  });

/** x viewed as [rows, cols] → its column sums as a new [cols] tensor; undefined off wasm or with MODELLAB_SIMD=0. */
export function heapColumnSums(backend: tf.KernelBackend, x: tf.TensorInfo, rows: number, cols: number): tf.TensorInfo | undefined {
  const kernel = columnSumsFor(backend);
  if (!kernel) return undefined;
  const w = asHeapBackend(backend);
  const out = w.makeOutput([cols], 'float32');
  // Addresses after the allocation (which may grow the heap).
  const outView = w.typedArrayFromHeap(out) as Float32Array;
  outView.fill(0);
  kernel.columnSums(w.typedArrayFromHeap(x).byteOffset, rows, cols, outView.byteOffset);
  return out;
}
