// Cuts an in-memory split into mini-batch tensors, in a seeded order.
import * as tf from '@tensorflow/tfjs';
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
  const xSize = sizeOf(shapes.featureShape);
  const ySize = sizeOf(shapes.targetShape);
  const n = end - start;
  let xs: Float32Array;
  let ys: Float32Array;
  if (order === null) {
    // Contiguous rows need no copy.
    xs = split.x.subarray(start * xSize, end * xSize);
    ys = split.y.subarray(start * ySize, end * ySize);
  } else {
    xs = new Float32Array(n * xSize);
    ys = new Float32Array(n * ySize);
    for (let i = 0; i < n; i++) {
      const row = order[start + i];
      xs.set(split.x.subarray(row * xSize, (row + 1) * xSize), i * xSize);
      ys.set(split.y.subarray(row * ySize, (row + 1) * ySize), i * ySize);
    }
  }
  return { x: tf.tensor(xs, [n, ...shapes.featureShape]), y: tf.tensor(ys, [n, ...shapes.targetShape]) };
}

export function stepsPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}
