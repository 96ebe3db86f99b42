// Instantiating Model Lab's emitted kernels against a memory: tfjs-backend-wasm's own (so kernels address
// its tensors in place) or one of our own. Also where relaxed SIMD is detected.
import * as v8 from 'node:v8';
import { gemmModuleBytes } from './gemmModule';

import { wasmMemoryOf, type WasmMemory, type WasmModuleLike } from '../tfjsInternals';

export type { WasmMemory, WasmModuleLike };

// The WebAssembly API as far as we use it (this project's TypeScript libs leave it out: no DOM lib).
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The module's memory, when it is a WebAssembly.Memory our kernels can import. */
export function memoryOf(module: WasmModuleLike): WasmMemory | undefined {
  const memory = wasmMemoryOf(module);
  return memory instanceof wasmApi.Memory ? memory : undefined;
}

export const isShared = (memory: WasmMemory) => typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;

export function instantiate<T>(bytes: Uint8Array, memory: WasmMemory): T {
  return new wasmApi.Instance(new wasmApi.Module(bytes), { env: { memory } }).exports as unknown as T;
}

/** An emitted module bound to a backend's heap, with `scratch` bytes of its own there. */
export interface HeapKernel<T> {
  memory: WasmMemory;
  kernel: T;
  /** The address of the scratch block. */
  scratch: number;
}

/** Emits and instantiates a kernel module on `module`'s heap (shared or not, as the heap is); undefined where there is no memory or no room. */
export function instantiateOnHeap<T>(module: WasmModuleLike, emit: (options: { sharedMemory: boolean }) => Uint8Array, scratchBytes: number): HeapKernel<T> | undefined {
  const memory = memoryOf(module);
  if (!memory) return undefined;
  const kernel = instantiate<T>(emit({ sharedMemory: isShared(memory) }), memory);
  const scratch = module._malloc(scratchBytes);
  return scratch ? { memory, kernel, scratch } : undefined;
}

let relaxedSimd: boolean | undefined;

/** Whether this engine runs relaxed SIMD (fused multiply-add), switching on V8's flag where it is not yet on by default (Node 20). */
export function relaxedSimdAvailable(): boolean {
  if (relaxedSimd === undefined) {
    const probe = gemmModuleBytes({ fma: true, sharedMemory: false });
    let valid = wasmApi.validate(probe);
    if (!valid) {
      try {
        v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
        valid = wasmApi.validate(probe);
      } catch {
        valid = false;
      }
    }
    relaxedSimd = valid;
  }
  return relaxedSimd;
}
