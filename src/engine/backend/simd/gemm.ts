// C = A·B (+ bias, ReLU) on the WebAssembly backend's own heap, through the emitted SIMD kernel: no copy
// in or out of tfjs' memory, any operand transposed by strides alone. The kernel module imports tfjs'
// Memory, so its loads and stores address the same bytes as the backend's tensors.
import { FLAG_ACCUMULATE, FLAG_BIAS, FLAG_RELU, gemmModuleBytes, PANEL_WIDTH } from './gemmModule';
import { instantiate, isShared, memoryOf, relaxedSimdAvailable, type WasmMemory, type WasmModuleLike } from './wasmRuntime';

export { relaxedSimdAvailable, type WasmModuleLike } from './wasmRuntime';

/** Operands as byte addresses on the heap and strides in bytes. */
export interface GemmOperands {
  a: number;
  aRow: number;
  aK: number;
  b: number;
  bK: number;
  bN: number;
  c: number;
  cRow: number;
  m: number;
  n: number;
  k: number;
  /** Byte address of n floats added to every row of C. */
  bias?: number;
  relu?: boolean;
  /** Add the product to C instead of overwriting it. */
  accumulate?: boolean;
}

interface GemmExports {
  panel(a: number, aRow: number, aK: number, bp: number, c: number, cRow: number, k: number, rows: number, bias: number, flags: number): void;
  pack(b: number, bK: number, bN: number, out: number, k: number, width: number): void;
}

/** Depth of k per packed panel: 8 floats × 256 = 8 KiB, which stays in L1 beside the rows of A. */
const K_BLOCK = 256;

export class SimdGemm {
  private scratch = 0;
  private scratchBytes = 0;

  private constructor(
    private readonly module: WasmModuleLike,
    private readonly memory: WasmMemory,
    private readonly kernel: GemmExports,
    readonly fma: boolean,
  ) {}

  /** Builds the kernel against a tfjs wasm module's memory; undefined when that memory cannot be found. */
  static create(module: WasmModuleLike, options: { fma?: boolean } = {}): SimdGemm | undefined {
    const memory = memoryOf(module);
    if (!memory) return undefined;
    const fma = (options.fma ?? true) && relaxedSimdAvailable();
    const kernel = instantiate<GemmExports>(gemmModuleBytes({ fma, sharedMemory: isShared(memory) }), memory);
    return new SimdGemm(module, memory, kernel, fma);
  }

  private scratchOf(bytes: number): number {
    if (bytes > this.scratchBytes) {
      if (this.scratch) this.module._free(this.scratch);
      this.scratchBytes = Math.max(bytes, this.scratchBytes * 2);
      this.scratch = this.module._malloc(this.scratchBytes);
      if (!this.scratch) throw new Error(`simd gemm: could not allocate ${this.scratchBytes} bytes of scratch on the wasm heap`);
    }
    return this.scratch;
  }

  run(op: GemmOperands): void {
    const { m, n, k } = op;
    if (m === 0 || n === 0) return;
    const panelBytes = Math.min(k, K_BLOCK) * PANEL_WIDTH * 4;
    const tileBytes = m * PANEL_WIDTH * 4;
    const base = this.scratchOf(panelBytes + tileBytes + PANEL_WIDTH * 4);
    const panel = base;
    const tile = base + panelBytes;
    const bias8 = tile + tileBytes;
    const heap = new Float32Array(this.memory.buffer);
    for (let n0 = 0; n0 < n; n0 += PANEL_WIDTH) {
      const width = Math.min(PANEL_WIDTH, n - n0);
      const full = width === PANEL_WIDTH;
      const target = full ? op.c + n0 * 4 : tile;
      const targetRow = full ? op.cRow : PANEL_WIDTH * 4;
      if (op.bias !== undefined) {
        const from = op.bias / 4 + n0;
        for (let j = 0; j < PANEL_WIDTH; j++) heap[bias8 / 4 + j] = j < width ? heap[from + j] : 0;
      }
      if (!full && op.accumulate) {
        // The tail tile starts from C's own columns.
        for (let r = 0; r < m; r++) for (let j = 0; j < width; j++) heap[tile / 4 + r * PANEL_WIDTH + j] = heap[(op.c + r * op.cRow) / 4 + n0 + j];
      }
      // At least one pass, so that k = 0 still writes the bias (or zeros), as tfjs does.
      for (let k0 = 0; k0 === 0 || k0 < k; k0 += K_BLOCK) {
        const depth = Math.min(K_BLOCK, k - k0);
        this.kernel.pack(op.b + k0 * op.bK + n0 * op.bN, op.bK, op.bN, panel, depth, width);
        let flags = k0 > 0 || op.accumulate ? FLAG_ACCUMULATE : op.bias !== undefined ? FLAG_BIAS : 0;
        if (op.relu && k0 + depth >= k) flags |= FLAG_RELU;
        this.kernel.panel(op.a + k0 * op.aK, op.aRow, op.aK, panel, target, targetRow, depth, m, bias8, flags);
      }
      if (!full) {
        for (let r = 0; r < m; r++) {
          const from = tile / 4 + r * PANEL_WIDTH;
          const to = (op.c + r * op.cRow) / 4 + n0;
          for (let j = 0; j < width; j++) heap[to + j] = heap[from + j];
        }
      }
    }
  }
}
