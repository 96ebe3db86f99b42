// Matrix products on the WebAssembly backend. First choice is Model Lab's SIMD kernel (../simd), which
// reads either operand transposed by strides and runs 1.5–3.4× tfjs' XNNPACK product on the training
// shapes (npm run bench:gemm). Where it does not apply (other activations, PReLU, int32, odd broadcasts):
// tfjs' kernels, with a transposed operand transposed first. Its BatchMatMul and _FusedMatMul
// are 8–15× slower with transposeA/transposeB than without (measured: 128×784·784×256 takes 4.5 ms
// untransposed, 66 ms with transposeA, 39 ms with transposeB), and every backward pass of a dense or
// recurrent layer asks for exactly those. Transposing the operand first (the backend's Transpose, well
// under a millisecond for such sizes) and multiplying untransposed gives the same numbers, much sooner.
import * as tf from '@tensorflow/tfjs';
import { heapMatMul } from '../simd/heapMatMul';
import { callKernel, captureOriginal, originalKernel, release, view } from './wasmOps';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

function transposed(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo {
  return callKernel('Transpose', backend, { x }, { perm: swapLastTwo(x.shape.length) });
}

function wasmMatMulKernel(kernelName: 'BatchMatMul' | '_FusedMatMul', backendName: string): tf.KernelConfig | undefined {
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
      const at = attrs as unknown as { transposeA?: boolean; transposeB?: boolean; activation?: string };
      const simd = simdProduct(backend as tf.KernelBackend, inputs, at);
      if (simd) return simd;
      const temps: tf.TensorInfo[] = [];
      const a = at.transposeA && a0.dtype === 'float32' ? (temps.push(transposed(backend as tf.KernelBackend, a0)), temps[temps.length - 1]) : a0;
      const b = at.transposeB && b0.dtype === 'float32' ? (temps.push(transposed(backend as tf.KernelBackend, b0)), temps[temps.length - 1]) : b0;
      // tfjs' wasm kernels read rank-3 operands (its ops reshape before calling them); two rank-2 ones
      // (Model Lab's fused Dense) go in as views of one batch and come out as a matrix.
      const matrices = a.shape.length === 2 && b.shape.length === 2;
      const lift = (x: tf.TensorInfo) => (matrices ? view(x, [1, ...x.shape]) : x);
      try {
        const out = callKernel(kernelName, backend as tf.KernelBackend, { ...inputs, a: lift(a), b: lift(b) }, { ...attrs, transposeA: a === a0 ? at.transposeA : false, transposeB: b === b0 ? at.transposeB : false });
        return matrices ? view(out, out.shape.slice(1)) : out;
      } finally {
        release(backend as tf.KernelBackend, ...temps);
      }
    },
  };
}

function simdProduct(backend: tf.KernelBackend, inputs: tf.NamedTensorInfoMap, attrs: { transposeA?: boolean; transposeB?: boolean; activation?: string }): tf.TensorInfo | undefined {
  const activation = attrs.activation ?? 'linear';
  if ((activation !== 'linear' && activation !== 'relu') || inputs.preluActivationWeights) return undefined;
  return heapMatMul(backend, inputs.a as tf.TensorInfo, inputs.b as tf.TensorInfo, {
    transposeA: attrs.transposeA ?? false,
    transposeB: attrs.transposeB ?? false,
    bias: inputs.bias as tf.TensorInfo | undefined,
    relu: activation === 'relu',
  });
}

export const batchMatMulKernel = (backendName: string) => wasmMatMulKernel('BatchMatMul', backendName);
export const fusedMatMulKernel = (backendName: string) => wasmMatMulKernel('_FusedMatMul', backendName);
