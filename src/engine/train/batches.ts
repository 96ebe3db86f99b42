// Cuts an in-memory split into mini-batch tensors, in a seeded order.
import * as tf from '@tensorflow/tfjs';
import { tensorFromHost } from '../backend/hostView';
import { isWasm } from '../backend/kernels/wasmOps';
import type { ArraySplit } from '../data/types';

export interface BatchShapes {
  featureShape: number[];
  targetShape: number[];
}

export function sizeOf(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Gathers rows `order[start..end)` of the split into fresh x and y tensors. */
export function gatherBatch(split: ArraySplit, shapes: BatchShapes, order: Uint32Array | null, start: number, end: number): { x: tf.Tensor; y: tf.Tensor } {
  const n = end - start;
  return { x: gatherRows(split.x, sizeOf(shapes.featureShape), [n, ...shapes.featureShape], order, start), y: gatherRows(split.y, sizeOf(shapes.targetShape), [n, ...shapes.targetShape], order, start) };
}

function gatherRows(source: Float32Array, rowSize: number, shape: number[], order: Uint32Array | null, start: number): tf.Tensor {
  const n = shape[0];
  // Contiguous rows need no gather: the backend copies the range.
  if (order === null) return tf.tensor(source.subarray(start * rowSize, (start + n) * rowSize), shape);
  const fill = (out: Float32Array) => {
    for (let i = 0; i < n; i++) {
      const row = order[start + i];
      out.set(source.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
    }
  };
  // On wasm the rows go straight into the tensor's memory on the heap: no array to allocate and copy
  // again (the bench MLP's batch is 400 KB, every step).
  const backend = tf.backend();
  if (isWasm(backend)) return tensorFromHost(shape, fill);
  const out = new Float32Array(n * rowSize);
  fill(out);
  return tf.tensor(out, shape);
}

export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}
