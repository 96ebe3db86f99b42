// The gradient of Mean without `ones(x.shape)`: tfjs builds a full-size array of ones in JS, copies it to
// the backend and multiplies dy by it, then divides — three full-size passes plus the JS allocation.
// dy / n broadcast to x's shape (one Tile, our block-copy kernel on wasm) gives the same values ~20×
// faster on a [64,26,26,16] input. Used where host reads are cheap (wasm, cpu); elsewhere tfjs' own.
import * as tf from '@tensorflow/tfjs';
import type { PatchResult } from '../tfjsInternals';
import { hostReadsAreCheap } from '../hostReads';

let installed = false;

/** Registers the Mean gradient once (gradients are global in tfjs, so it checks the backend per call). */
export function installMeanGradient(): PatchResult {
  if (installed) return { name: 'Mean gradient', patched: true };
  const tfjsGradient = tf.getGradient('Mean');
  if (!tfjsGradient) return { name: 'Mean gradient', patched: false, reason: "tfjs has no registered gradient for the 'Mean' kernel" };
  installed = true;
  tf.registerGradient({
    ...tfjsGradient,
    gradFunc: (dy, saved, attrs) => {
      if (!hostReadsAreCheap()) return tfjsGradient.gradFunc(dy, saved, attrs);
      const [x] = saved;
      const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
      const expanded = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((n, axis) => n * x.shape[axis], 1);
      return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expanded), count), x.shape) };
    },
  });
  return { name: 'Mean gradient', patched: true };
}
