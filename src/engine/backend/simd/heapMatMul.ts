// BatchMatMul / _FusedMatMul on the WebAssembly backend through Model Lab's SIMD kernel (gemm.ts). It takes
// the tensors where tfjs keeps them, reads a transposed operand by strides, and adds the bias and ReLU
// while storing. Shapes or options it does not cover return undefined, and the caller uses tfjs' kernel.
import * as tf from '@tensorflow/tfjs';
import { asHeapBackend } from '../tfjsInternals';
import { SimdGemm } from './gemm';
import { boundKernel } from './simdSwitch';

const gemms = new WeakMap<object, SimdGemm | null>();

/** The kernel bound to this wasm backend's memory, built once per backend module. */
export const simdGemmFor = (backend: tf.KernelBackend): SimdGemm | undefined => boundKernel(gemms, backend, (module) => SimdGemm.create(module));

export interface MatMulOptions {
  transposeA: boolean;
  transposeB: boolean;
  bias?: tf.TensorInfo;
  relu?: boolean;
}

const product = (dims: number[]) => dims.reduce((p, d) => p * d, 1);
const sameDims = (x: number[], y: number[]) => x.length === y.length && x.every((d, i) => d === y[i]);

export function heapMatMul(backend: tf.KernelBackend, a: tf.TensorInfo, b: tf.TensorInfo, options: MatMulOptions): tf.TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return undefined;
  const gemm = simdGemmFor(backend);
  if (!gemm) return undefined;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [m, kA] = options.transposeA ? [a.shape[ra - 1], a.shape[ra - 2]] : [a.shape[ra - 2], a.shape[ra - 1]];
  const [kB, n] = options.transposeB ? [b.shape[rb - 1], b.shape[rb - 2]] : [b.shape[rb - 2], b.shape[rb - 1]];
  if (kA !== kB) return undefined;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = product(outerA);
  const batchB = product(outerB);
  // Equal batch dimensions, or one side (with no more dimensions) shared by every batch; other
  // broadcasts go to tfjs.
  let outer: number[];
  if (sameDims(outerA, outerB)) outer = outerA;
  else if (batchB === 1 && outerB.length <= outerA.length) outer = outerA;
  else if (batchA === 1 && outerA.length <= outerB.length) outer = outerB;
  else return undefined;
  if (options.bias && (options.bias.dtype !== 'float32' || product(options.bias.shape) !== n || options.bias.shape[options.bias.shape.length - 1] !== n)) return undefined;
  const batch = Math.max(batchA, batchB);
  const w = asHeapBackend(backend);
  const out = w.makeOutput([...outer, m, n], 'float32');
  // Addresses after the last allocation on the heap (makeOutput may grow it).
  const aAddr = w.typedArrayFromHeap(a).byteOffset;
  const bAddr = w.typedArrayFromHeap(b).byteOffset;
  const cAddr = w.typedArrayFromHeap(out).byteOffset;
  const biasAddr = options.bias ? w.typedArrayFromHeap(options.bias).byteOffset : undefined;
  const k = kA;
  const aStride = batchA === 1 ? 0 : m * k * 4;
  const bStride = batchB === 1 ? 0 : k * n * 4;
  for (let i = 0; i < batch; i++) {
    gemm.run({
      a: aAddr + i * aStride,
      aRow: options.transposeA ? 4 : k * 4,
      aK: options.transposeA ? m * 4 : 4,
      b: bAddr + i * bStride,
      bK: options.transposeB ? 4 : n * 4,
      bN: options.transposeB ? k * 4 : 4,
      c: cAddr + i * m * n * 4,
      cRow: n * 4,
      m,
      n,
      k,
      bias: biasAddr,
      relu: options.relu,
    });
  }
  return out;
}
