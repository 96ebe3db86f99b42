// Matrix products with a transposed operand on the WebAssembly backend. Its BatchMatMul and _FusedMatMul
// are 8–15× slower with transposeA/transposeB than without (measured: 128×784·784×256 takes 4.5 ms
// untransposed, 66 ms with transposeA, 39 ms with transposeB), and every backward pass of a dense or
// recurrent layer asks for exactly those. Transposing the operand first (the backend's Transpose, well
// under a millisecond for such sizes) and multiplying untransposed gives the same numbers, much sooner.
import * as tf from '@tensorflow/tfjs';
import { callKernel, captureOriginal, originalKernel, release } from './wasmOps';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

function transposed(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo {
  return callKernel('Transpose', backend, { x }, { perm: swapLastTwo(x.shape.length) });
}

function untransposingKernel(kernelName: 'BatchMatMul' | '_FusedMatMul', backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  captureOriginal(kernelName, backendName);
  captureOriginal('Transpose', backendName);
  return {
    kernelName,
    backendName,
    // The wasm kernels bind their C functions in setupFunc when the backend starts: keep it.
    setupFunc: originalKernel(kernelName, backendName).setupFunc,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const a0 = inputs.a as tf.TensorInfo;
      const b0 = inputs.b as tf.TensorInfo;
      const at = attrs as unknown as { transposeA?: boolean; transposeB?: boolean };
      const temps: tf.TensorInfo[] = [];
      const a = at.transposeA && a0.dtype === 'float32' ? (temps.push(transposed(backend as tf.KernelBackend, a0)), temps[temps.length - 1]) : a0;
      const b = at.transposeB && b0.dtype === 'float32' ? (temps.push(transposed(backend as tf.KernelBackend, b0)), temps[temps.length - 1]) : b0;
      try {
        return callKernel(kernelName, backend as tf.KernelBackend, { ...inputs, a, b }, { ...attrs, transposeA: a === a0 ? at.transposeA : false, transposeB: b === b0 ? at.transposeB : false });
      } finally {
        release(backend as tf.KernelBackend, ...temps);
      }
    },
  };
}

export const batchMatMulKernel = (backendName: string) => untransposingKernel('BatchMatMul', backendName);
export const fusedMatMulKernel = (backendName: string) => untransposingKernel('_FusedMatMul', backendName);
