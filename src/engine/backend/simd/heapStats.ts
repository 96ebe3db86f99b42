// The per-step statistics' sums (stepStats.ts) on the WebAssembly backend's heap, through the emitted SIMD
// passes (statsModule.ts), and the heap buffer that holds the weights before an update so the update's
// sum can be read there too. The JS loops they replace took ~1.5 ms per pass over the bench MLP's 269k
// values, about a quarter of its step once the matrix products ran on SIMD.
import type * as tf from '@tensorflow/tfjs';
import { boundKernel } from './simdSwitch';
import { STATS_OUT_FLOATS, statsModuleBytes } from './statsModule';
import { instantiateOnHeap, type WasmMemory, type WasmModuleLike } from './wasmRuntime';

interface StatsExports {
  gradSums(g: number, n: number, out: number): void;
  updateSums(after: number, before: number, n: number, out: number): void;
}

/** Values per kernel call: float32 partial sums over at most 4096 values per lane, added in doubles here. */
const CHUNK = 16384;

/** Float32 values on the wasm heap; view() is valid until the next allocation on the heap (which may grow it). */
export interface HeapBuffer {
  readonly length: number;
  view(): Float32Array;
}

const freeOnCollect = new FinalizationRegistry<{ module: WasmModuleLike; address: number }>(({ module, address }) => module._free(address));

export class HeapStats {
  private constructor(
    private readonly module: WasmModuleLike,
    private readonly memory: WasmMemory,
    private readonly kernel: StatsExports,
    private readonly out: number,
  ) {}

  static create(module: WasmModuleLike): HeapStats | undefined {
    const bound = instantiateOnHeap<StatsExports>(module, statsModuleBytes, 4 * STATS_OUT_FLOATS);
    return bound && new HeapStats(module, bound.memory, bound.kernel, bound.scratch);
  }

  /** A buffer of `length` floats on the heap, given back when the returned object is collected. */
  allocate(length: number): HeapBuffer {
    const address = this.module._malloc(Math.max(1, length) * 4);
    if (!address) throw new Error(`heap stats: could not allocate ${length * 4} bytes on the wasm heap`);
    const memory = this.memory;
    const buffer: HeapBuffer = { length, view: () => new Float32Array(memory.buffer, address, length) };
    freeOnCollect.register(buffer, { module: this.module, address });
    return buffer;
  }

  private results(): Float32Array {
    return new Float32Array(this.memory.buffer, this.out, STATS_OUT_FLOATS);
  }

  private onHeap(a: Float32Array): boolean {
    return a.buffer === this.memory.buffer;
  }

  /** Σg² and max|g| of a gradient; undefined unless g is a view of this heap. */
  gradientSums(g: Float32Array): { squares: number; maxAbs: number } | undefined {
    if (!this.onHeap(g)) return undefined;
    let squares = 0;
    let maxAbs = 0;
    for (let start = 0; start < g.length; start += CHUNK) {
      this.kernel.gradSums(g.byteOffset + start * 4, Math.min(CHUNK, g.length - start), this.out);
      const r = this.results();
      squares += r[0] + r[1] + r[2] + r[3] + r[8];
      maxAbs = Math.max(maxAbs, r[4], r[5], r[6], r[7], r[9]);
    }
    return { squares, maxAbs: squares !== squares ? NaN : maxAbs };
  }

  /** Σw² of the new weights and Σ(w − w_before)²; undefined unless both are views of this heap. */
  updateSums(after: Float32Array, before: Float32Array): { weightSquares: number; updateSquares: number } | undefined {
    if (!this.onHeap(after) || !this.onHeap(before)) return undefined;
    let weightSquares = 0;
    let updateSquares = 0;
    for (let start = 0; start < after.length; start += CHUNK) {
      this.kernel.updateSums(after.byteOffset + start * 4, before.byteOffset + start * 4, Math.min(CHUNK, after.length - start), this.out);
      const r = this.results();
      weightSquares += r[0] + r[1] + r[2] + r[3] + r[8];
      updateSquares += r[4] + r[5] + r[6] + r[7] + r[9];
    }
    return { weightSquares, updateSquares };
  }
}

const stats = new WeakMap<object, HeapStats | null>();

/** The passes bound to this backend's heap; undefined off wasm or with MODELLAB_SIMD=0. */
export const heapStatsFor = (backend: tf.KernelBackend): HeapStats | undefined => boundKernel(stats, backend, HeapStats.create);
