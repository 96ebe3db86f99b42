// Identity on the WebAssembly backend shares the input's memory by reference count, as the plain-JS
// backend does, instead of copying it. tf.clone goes through it, and so does every tensor a custom
// gradient saves for its backward pass (a full activation copy per layer per step otherwise). Sharing is
// safe because nothing on wasm writes into a tensor's memory after its kernel made it: kernels write
// only to the outputs they allocate (Reshape already shares memory the same way).
import type * as tf from '@tensorflow/tfjs';

export function identityKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  return {
    kernelName: 'Identity',
    backendName,
    kernelFunc: ({ inputs, backend }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      (backend as tf.KernelBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}
