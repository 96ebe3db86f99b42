// Adam's update on the WebAssembly backend's heap through the emitted SIMD pass (adamModule.ts): the
// tensors are addressed where tfjs keeps them, so a variable of any size updates in one pass. Measured
// (npm run bench:gemm): the bench MLP's 269k values in 0.42 ms, where tfjs' kernels took 4.1 ms.
import type * as tf from '@tensorflow/tfjs';
import { ADAM_CONSTANTS, ADAM_SUMS_OUT_BYTES, adamModuleBytes } from './adamModule';
import { boundKernel } from './simdSwitch';
import { instantiateOnHeap, type WasmMemory, type WasmModuleLike } from './wasmRuntime';

export type AdamConstants = Record<(typeof ADAM_CONSTANTS)[number], number>;

interface AdamExports {
  adam(consts: number, w: number, m: number, v: number, g: number, w2: number, m2: number, v2: number, n: number): void;
  adamSums(consts: number, w: number, m: number, v: number, g: number, w2: number, m2: number, v2: number, n: number, out: number): void;
}

/** One variable's step statistics (stepStats.ts StepSums), from the update pass itself. */
export interface AdamStepSums {
  gradSquares: number;
  gradMaxAbs: number;
  weightSquares: number;
  updateSquares: number;
}

/** Values per adamSums call: float32 partial sums over at most 4096 values per lane, added in doubles here. */
const CHUNK = 16384;
/** The constants at the scratch block's start, the sums 32 bytes in. */
const SUMS_AT = 32;

export class HeapAdam {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly kernel: AdamExports,
    private readonly consts: number,
  ) {}

  static create(module: WasmModuleLike): HeapAdam | undefined {
    const bound = instantiateOnHeap<AdamExports>(module, adamModuleBytes, SUMS_AT + ADAM_SUMS_OUT_BYTES);
    return bound && new HeapAdam(bound.memory, bound.kernel, bound.scratch);
  }

  /** Every array a view of the heap (hostValues on wasm), all of the same length. */
  update(constants: AdamConstants, w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, w2: Float32Array, m2: Float32Array, v2: Float32Array): void {
    this.setConstants(constants);
    this.kernel.adam(this.consts, w.byteOffset, m.byteOffset, v.byteOffset, g.byteOffset, w2.byteOffset, m2.byteOffset, v2.byteOffset, w.length);
  }

  /** The same update, returning Σg², max|g|, Σw2² and Σ(w2 − w)² of the values it passed (a NaN in g makes them NaN). */
  updateWithSums(constants: AdamConstants, w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, w2: Float32Array, m2: Float32Array, v2: Float32Array): AdamStepSums {
    this.setConstants(constants);
    const sums: AdamStepSums = { gradSquares: 0, gradMaxAbs: 0, weightSquares: 0, updateSquares: 0 };
    const out = this.consts + SUMS_AT;
    for (let start = 0; start < w.length; start += CHUNK) {
      const at = start * 4;
      this.kernel.adamSums(this.consts, w.byteOffset + at, m.byteOffset + at, v.byteOffset + at, g.byteOffset + at, w2.byteOffset + at, m2.byteOffset + at, v2.byteOffset + at, Math.min(CHUNK, w.length - start), out);
      const r = new Float32Array(this.memory.buffer, out, ADAM_SUMS_OUT_BYTES / 4);
      sums.gradSquares += r[0] + r[1] + r[2] + r[3] + r[16];
      sums.gradMaxAbs = Math.max(sums.gradMaxAbs, r[4], r[5], r[6], r[7], r[17]);
      sums.weightSquares += r[8] + r[9] + r[10] + r[11] + r[18];
      sums.updateSquares += r[12] + r[13] + r[14] + r[15] + r[19];
    }
    if (sums.gradSquares !== sums.gradSquares) sums.gradMaxAbs = NaN;
    return sums;
  }

  private setConstants(constants: AdamConstants): void {
    const heap = new Float32Array(this.memory.buffer, this.consts, ADAM_CONSTANTS.length);
    ADAM_CONSTANTS.forEach((name, k) => (heap[k] = constants[name]));
  }
}

const adams = new WeakMap<object, HeapAdam | null>();

/** The pass bound to this backend's heap; undefined off wasm or with MODELLAB_SIMD=0. */
export const heapAdamFor = (backend: tf.KernelBackend): HeapAdam | undefined => boundKernel(adams, backend, HeapAdam.create);
