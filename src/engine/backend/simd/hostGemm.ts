// The SIMD matrix product for JS-side kernels (the fused LSTM's recurrence) whose operands are ordinary
// Float32Arrays: the kernel runs on a memory of its own, and operands are copied in and out. For the
// recurrence's shapes (32 rows · 32 × 128) the copies are a few microseconds against the product's
// tens, and the product runs several times faster than the best JS loop.
import { SimdGemm } from './gemm';
import { simdEnabled } from './simdSwitch';
import { relaxedSimdAvailable, type WasmMemory, type WasmModuleLike } from './wasmRuntime';

const PAGE = 65536;

interface GrowableMemory extends WasmMemory {
  grow(pages: number): number;
}

/** A bump allocator over a WebAssembly.Memory, enough for the few long-lived regions used here. */
class Arena implements WasmModuleLike {
  private top = 16;
  readonly wasmMemory: GrowableMemory;

  constructor() {
    const api = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => GrowableMemory } }).WebAssembly;
    this.wasmMemory = new api.Memory({ initial: 4 });
  }

  _malloc(bytes: number): number {
    const at = (this.top + 15) & ~15;
    const end = at + bytes;
    const have = this.wasmMemory.buffer.byteLength;
    if (end > have) this.wasmMemory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    return at;
  }

  /** Only the newest region can be given back; others stay until the arena is dropped. */
  _free(ptr: number): void {
    void ptr;
  }
}

interface Region {
  at: number;
  floats: number;
}

export class HostGemm {
  private matrix: Region = { at: 0, floats: 0 };
  private rowsIn: Region = { at: 0, floats: 0 };
  private rowsOut: Region = { at: 0, floats: 0 };
  private k = 0;
  private n = 0;

  private constructor(
    private readonly arena: Arena,
    private readonly gemm: SimdGemm,
  ) {}

  /** undefined where WebAssembly SIMD is not available (the caller keeps its JS loop). */
  static create(): HostGemm | undefined {
    try {
      const arena = new Arena();
      const gemm = SimdGemm.create(arena, { fma: relaxedSimdAvailable() });
      return gemm ? new HostGemm(arena, gemm) : undefined;
    } catch {
      return undefined;
    }
  }

  private ensure(region: Region, floats: number): Region {
    if (region.floats >= floats) return region;
    return { at: this.arena._malloc(floats * 8), floats: floats * 2 };
  }

  private heap(): Float32Array {
    return new Float32Array(this.arena.wasmMemory.buffer);
  }

  /** Copies w [k×n] row-major in; it is the right-hand operand of every addRowsTimes until the next load. */
  load(w: Float32Array, k: number, n: number): void {
    this.matrix = this.ensure(this.matrix, k * n);
    this.heap().set(w.subarray(0, k * n), this.matrix.at / 4);
    this.k = k;
    this.n = n;
  }

  /** out[i, :] += a[i, :]·w for i < m; row i of a at aOff + i·aStride, of out at outOff + i·outStride (in floats). */
  addRowsTimes(a: Float32Array, aOff: number, aStride: number, m: number, out: Float32Array, outOff: number, outStride: number): void {
    const { k, n } = this;
    this.rowsIn = this.ensure(this.rowsIn, m * k);
    this.rowsOut = this.ensure(this.rowsOut, m * n);
    let heap = this.heap();
    const inAt = this.rowsIn.at / 4;
    const outAt = this.rowsOut.at / 4;
    for (let i = 0; i < m; i++) {
      heap.set(a.subarray(aOff + i * aStride, aOff + i * aStride + k), inAt + i * k);
      heap.set(out.subarray(outOff + i * outStride, outOff + i * outStride + n), outAt + i * n);
    }
    this.gemm.run({ a: this.rowsIn.at, aRow: k * 4, aK: 4, b: this.matrix.at, bK: n * 4, bN: 4, c: this.rowsOut.at, cRow: n * 4, m, n, k, accumulate: true });
    heap = this.heap(); // the kernel's scratch may have grown the memory
    for (let i = 0; i < m; i++) out.set(heap.subarray(outAt + i * n, outAt + (i + 1) * n), outOff + i * outStride);
  }
}

let shared: HostGemm | null | undefined;

/** One kernel for the process (JS runs one product at a time); undefined where SIMD is off or missing. */
export function sharedHostGemm(): HostGemm | undefined {
  if (!simdEnabled()) return undefined;
  if (shared === undefined) shared = HostGemm.create() ?? null;
  return shared ?? undefined;
}
