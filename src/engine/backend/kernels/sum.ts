// Sum on the WebAssembly backend, for the reduction a gradient takes over leading axes (a bias's
// gradient: Dense sums [batch, units] over the batch, Conv2D [batch, h, w, filters] over all but the
// filters). tfjs' kernel transposes the whole tensor so the reduced axes come last, then sums: 110 µs
// for the bench MLP's [128, 256], 1.5 ms for the bench CNN's [64, 26, 26, 16]. A column-sum pass
// reads it once in place. Other reductions (innermost axes, everything, integers) stay with tfjs.
import * as tf from '@tensorflow/tfjs';
import { heapColumnSums } from '../simd/heapColumnSums';
import { callKernel, captureOriginal, originalKernel, view } from './wasmOps';

/** The number of leading axes `axis` reduces when it is exactly 0..p−1 with p < rank; else 0. */
export function leadingAxes(axis: number | number[], rank: number): number {
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length >= rank) return 0;
  return axes.every((a, i) => a === i) ? axes.length : 0;
}

export function sumKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  captureOriginal('Sum', backendName);
  return {
    kernelName: 'Sum',
    backendName,
    setupFunc: originalKernel('Sum', backendName).setupFunc,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      const { axis, keepDims } = attrs as unknown as { axis: number | number[]; keepDims: boolean };
      const reduced = x.dtype === 'float32' ? leadingAxes(axis, x.shape.length) : 0;
      if (reduced > 0) {
        const rows = x.shape.slice(0, reduced).reduce((p, d) => p * d, 1);
        const kept = x.shape.slice(reduced);
        const cols = kept.reduce((p, d) => p * d, 1);
        const sums = cols > 0 ? heapColumnSums(backend as tf.KernelBackend, x, rows, cols) : undefined;
        if (sums) return view(sums, keepDims ? [...new Array<number>(reduced).fill(1), ...kept] : kept);
      }
      return callKernel('Sum', backend as tf.KernelBackend, inputs, attrs as Record<string, unknown>);
    },
  };
}
