// The column sum, emitted as WebAssembly SIMD: out[c] = Σ_r a[r·cols + c]. It is the Sum a gradient
// takes over its leading axes (a bias's gradient: Dense over the batch, Conv over batch × height ×
// width), which tfjs-backend-wasm computes by transposing the whole tensor first.
//   columnSums(a, rows, cols, out)   out[c] += a[r·cols + c] for every row r (out starts zeroed)
// Each column adds its rows in order in float32, as tfjs' own kernel does after its transpose.
import { assembleModule, columnFoldFunction } from './wasmAssembler';

export function columnSumModuleBytes(options: { sharedMemory: boolean }): Uint8Array {
  return assembleModule({ shared: options.sharedMemory }, [{ name: 'columnSums', body: columnFoldFunction((f) => f.f32x4Add(), (f) => f.f32Add()) }]);
}
