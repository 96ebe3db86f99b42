// Whether Model Lab's SIMD kernels are on, and each kernel built once per wasm backend module.
import type * as tf from '@tensorflow/tfjs';
import { wasmModuleOf } from '../tfjsInternals';
import type { WasmModuleLike } from './wasmRuntime';

/** MODELLAB_SIMD=0 keeps tfjs' own kernels and Model Lab's JS loops instead of the emitted SIMD kernels (to compare them, or to rule them out). */
export function simdEnabled(): boolean {
  return process.env.MODELLAB_SIMD !== '0';
}

/**
 * A kernel bound to this backend's wasm heap, built by `create` the first time and cached in `cache`
 * (keyed by the backend's module, so the threaded build gets its own); undefined off wasm, where
 * `create` gives nothing, or with MODELLAB_SIMD=0.
 */
export function boundKernel<T>(cache: WeakMap<object, T | null>, backend: tf.KernelBackend, create: (module: WasmModuleLike) => T | undefined): T | undefined {
  if (!simdEnabled()) return undefined;
  const module = wasmModuleOf(backend);
  if (!module) return undefined;
  let kernel = cache.get(module);
  if (kernel === undefined) {
    kernel = create(module) ?? null;
    cache.set(module, kernel);
  }
  return kernel ?? undefined;
}
