// Adam's update on the WebAssembly backend's heap through the emitted SIMD pass (adamModule.ts): the
// tensors are addressed where tfjs keeps them, so a variable of any size updates in one pass. Measured
// (npm run bench:gemm): the bench MLP's 269k values in 0.42 ms, where tfjs' kernels took 4.1 ms.
import type * as tf from '@tensorflow/tfjs';
import { ADAM_CONSTANTS, adamModuleBytes } from './adamModule';
import { boundKernel } from './simdSwitch';
import { instantiateOnHeap, type WasmMemory, type WasmModuleLike } from './wasmRuntime';

export type AdamConstants = Record<(typeof ADAM_CONSTANTS)[number], number>;

interface AdamExports {
  adam(consts: number, w: number, m: number, v: number, g: number, w2: number, m2: number, v2: number, n: number): void;
}

export class HeapAdam {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly kernel: AdamExports,
    private readonly consts: number,
  ) {}

  static create(module: WasmModuleLike): HeapAdam | undefined {
    const bound = instantiateOnHeap<AdamExports>(module, adamModuleBytes, 4 * ADAM_CONSTANTS.length);
    return bound && new HeapAdam(bound.memory, bound.kernel, bound.scratch);
  }

  /** Every array a view of the heap (hostValues on wasm), all of the same length. */
  update(constants: AdamConstants, w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, w2: Float32Array, m2: Float32Array, v2: Float32Array): void {
    const heap = new Float32Array(this.memory.buffer, this.consts, ADAM_CONSTANTS.length);
    ADAM_CONSTANTS.forEach((name, k) => (heap[k] = constants[name]));
    this.kernel.adam(this.consts, w.byteOffset, m.byteOffset, v.byteOffset, g.byteOffset, w2.byteOffset, m2.byteOffset, v2.byteOffset, w.length);
  }
}

const adams = new WeakMap<object, HeapAdam | null>();

/** The pass bound to this backend's heap; undefined off wasm or with MODELLAB_SIMD=0. */
export const heapAdamFor = (backend: tf.KernelBackend): HeapAdam | undefined => boundKernel(adams, backend, HeapAdam.create);
