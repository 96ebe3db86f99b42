// The activation probe's summaries on the WebAssembly backend's heap, through the emitted passes
// (activationModule.ts). The JS loops they replace took ~10 ns per value for the statistics and as much
// again for the histogram: ~50 ms per probe over the bench CNN's 2.3M activations, most of a step.
import type * as tf from '@tensorflow/tfjs';
import { activationModuleBytes, OUTSIDE_OUT_BYTES, SUMMARY_OUT_BYTES } from './activationModule';
import { boundKernel } from './simdSwitch';
import { instantiateOnHeap, type WasmMemory, type WasmModuleLike } from './wasmRuntime';

interface ActivationExports {
  summary(a: number, n: number, out: number): void;
  outside(a: number, n: number, out: number): void;
  columnMax(a: number, rows: number, units: number, max: number): void;
  binCounts(a: number, n: number, counts: number, params: number): void;
}

/** Values per summary call: float32 partial sums over at most 4096 values per lane, added in doubles here. */
const CHUNK = 16384;
/**
 * Scratch reserved once, so no pass allocates on the heap (which could grow it and detach the caller's
 * views): column maxima for up to MAX_UNITS units and counts for up to MAX_BINS bins; wider layers and
 * finer histograms are left to the JS loops.
 */
const MAX_UNITS = 4096;
const MAX_BINS = 1024;
const SCRATCH_BYTES = 128 + 4 * MAX_UNITS + 4 * MAX_BINS;

export interface ActivationSummary {
  sum: number;
  squares: number;
  maxAbs: number;
  zeros: number;
  min: number;
  max: number;
}

export class HeapActivationStats {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly kernel: ActivationExports,
    private readonly scratch: number,
  ) {}

  static create(module: WasmModuleLike): HeapActivationStats | undefined {
    const bound = instantiateOnHeap<ActivationExports>(module, activationModuleBytes, SCRATCH_BYTES);
    return bound && new HeapActivationStats(bound.memory, bound.kernel, bound.scratch);
  }

  private onHeap(a: Float32Array): boolean {
    return a.buffer === this.memory.buffer;
  }

  private get columns(): number {
    return this.scratch + 128;
  }

  private get counts(): number {
    return this.scratch + 128 + 4 * MAX_UNITS;
  }

  /**
   * Σv, Σv², max|v|, the zero count and the range of `a`; undefined unless `a` is a view of this heap and
   * every value is finite (the JS loops then give NaN and the finite values' range their own way).
   */
  summary(a: Float32Array): ActivationSummary | undefined {
    if (!this.onHeap(a) || a.length === 0) return undefined;
    const s: ActivationSummary = { sum: 0, squares: 0, maxAbs: 0, zeros: 0, min: Infinity, max: -Infinity };
    for (let start = 0; start < a.length; start += CHUNK) {
      this.kernel.summary(a.byteOffset + start * 4, Math.min(CHUNK, a.length - start), this.scratch);
      const f = new Float32Array(this.memory.buffer, this.scratch, SUMMARY_OUT_BYTES / 4);
      const i = new Int32Array(this.memory.buffer, this.scratch, SUMMARY_OUT_BYTES / 4);
      s.sum += f[0] + f[1] + f[2] + f[3] + f[24];
      s.squares += f[4] + f[5] + f[6] + f[7] + f[25];
      s.maxAbs = Math.max(s.maxAbs, f[8], f[9], f[10], f[11], f[26]);
      s.zeros += i[12] + i[13] + i[14] + i[15] + i[27];
      s.min = Math.min(s.min, f[16], f[17], f[18], f[19], f[28]);
      s.max = Math.max(s.max, f[20], f[21], f[22], f[23], f[29]);
    }
    return Number.isFinite(s.sum) && Number.isFinite(s.squares) ? s : undefined;
  }

  /** Values below `low` or above `high` (finite values of a heap view). */
  countOutside(a: Float32Array, low: number, high: number): number {
    const thresholds = new Float32Array(this.memory.buffer, this.scratch, 2);
    thresholds[0] = low;
    thresholds[1] = high;
    this.kernel.outside(a.byteOffset, a.length, this.scratch);
    const counts = new Int32Array(this.memory.buffer, this.scratch, OUTSIDE_OUT_BYTES / 4);
    return counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
  }

  /** Each column's maximum over `rows` rows of `units` (finite values of a heap view); undefined past MAX_UNITS. */
  columnMaxima(a: Float32Array, units: number, rows: number): Float32Array | undefined {
    if (units > MAX_UNITS) return undefined;
    new Float32Array(this.memory.buffer, this.columns, units).fill(-Infinity);
    this.kernel.columnMax(a.byteOffset, rows, units, this.columns);
    return new Float32Array(this.memory.buffer, this.columns, units).slice();
  }

  /** counts[min(⌊(v − min)·bins / (max − min)⌋, bins − 1)] over finite values in [min, max] of a heap view; undefined past MAX_BINS. */
  binCounts(a: Float32Array, min: number, max: number, bins: number): number[] | undefined {
    if (bins > MAX_BINS) return undefined;
    const params = new DataView(this.memory.buffer, this.scratch, 24);
    params.setFloat64(0, min, true);
    params.setFloat64(8, bins / (max - min), true);
    params.setInt32(16, bins - 1, true);
    new Int32Array(this.memory.buffer, this.counts, bins).fill(0);
    this.kernel.binCounts(a.byteOffset, a.length, this.counts, this.scratch);
    return Array.from(new Int32Array(this.memory.buffer, this.counts, bins));
  }
}

const passes = new WeakMap<object, HeapActivationStats | null>();

/** The passes bound to this backend's heap; undefined off wasm or with MODELLAB_SIMD=0. */
export const heapActivationStatsFor = (backend: tf.KernelBackend): HeapActivationStats | undefined => boundKernel(passes, backend, HeapActivationStats.create);
