// UnsortedSegmentSum for the WebAssembly backend, which has none: the gradient of tf.gather, hence of
// Embedding layers. out[segmentIds[i], :] += x[i, :], one pass over contiguous rows.
import * as tf from '@tensorflow/tfjs';
import { asWasm, isWasm } from './wasmOps';

export function unsortedSegmentSumValues(x: Float32Array, ids: ArrayLike<number>, numSegments: number, rowSize: number): Float32Array {
  const out = new Float32Array(numSegments * rowSize);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
    const o = s * rowSize;
    const xi = i * rowSize;
    for (let j = 0; j < rowSize; j++) out[o + j] += x[xi + j];
  }
  return out;
}

export function unsortedSegmentSumKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
      const { numSegments } = attrs as unknown as { numSegments: number };
      if (!isWasm(backend as tf.KernelBackend)) throw new Error('UnsortedSegmentSum: wasm only');
      const w = asWasm(backend as tf.KernelBackend);
      const nIds = segmentIds.shape.reduce((a, b) => a * b, 1);
      const rowSize = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
      const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
      const ids = w.readSync(segmentIds.dataId) as ArrayLike<number>;
      const xv = w.readSync(x.dataId);
      const values = unsortedSegmentSumValues(xv instanceof Float32Array ? xv : Float32Array.from(xv as ArrayLike<number>), ids, numSegments, rowSize);
      if (nIds * rowSize !== (xv as ArrayLike<number>).length) throw new Error('UnsortedSegmentSum: segmentIds must cover the leading dimensions of x');
      const out = w.makeOutput(outShape, x.dtype === 'int32' ? 'int32' : 'float32');
      const heap = w.typedArrayFromHeap(out);
      heap.set(x.dtype === 'int32' ? Int32Array.from(values) : values);
      return out;
    },
  };
}
