// Tile on the WebAssembly backend. Its own kernel computes every output element's source index and
// takes ~100 ms to tile [1,1,1,16] to [64,26,26,16] — which batch normalization's gradient does every
// step of a CNN. This one copies contiguous blocks: the innermost row once, then doubles blocks outward.
import * as tf from '@tensorflow/tfjs';
import { asWasm, callKernel, captureOriginal, originalKernel } from './wasmOps';

type Typed = Float32Array | Int32Array | Uint8Array;

/** out = tile(x of `shape`, reps), both flat, row-major. */
export function tileInto(x: Typed, shape: number[], reps: number[], out: Typed): void {
  const rank = shape.length;
  const outBlock = new Array<number>(rank + 1).fill(1);
  const inBlock = new Array<number>(rank + 1).fill(1);
  for (let d = rank - 1; d >= 0; d--) {
    outBlock[d] = outBlock[d + 1] * shape[d] * reps[d];
    inBlock[d] = inBlock[d + 1] * shape[d];
  }
  const fill = (d: number, xOff: number, oOff: number): void => {
    if (d === rank - 1) {
      out.set(x.subarray(xOff, xOff + shape[d]), oOff);
    } else {
      for (let i = 0; i < shape[d]; i++) fill(d + 1, xOff + i * inBlock[d + 1], oOff + i * outBlock[d + 1]);
    }
    // Replicate the filled chunk reps[d] times by doubling.
    const chunk = shape[d] * outBlock[d + 1];
    let have = 1;
    while (have < reps[d]) {
      const n = Math.min(have, reps[d] - have);
      out.copyWithin(oOff + have * chunk, oOff, oOff + n * chunk);
      have += n;
    }
  };
  if (rank === 0 || out.length === 0) {
    if (rank === 0 && out.length) out[0] = x[0];
    return;
  }
  fill(0, 0, 0);
}

export function tileKernel(backendName: string): tf.KernelConfig | undefined {
  if (backendName !== 'wasm') return undefined;
  captureOriginal('Tile', backendName);
  return {
    kernelName: 'Tile',
    backendName,
    setupFunc: originalKernel('Tile', backendName).setupFunc, // binds the C kernel used for strings
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x } = inputs as { x: tf.TensorInfo };
      const { reps } = attrs as unknown as { reps: number[] };
      if (x.dtype === 'string' || x.dtype === 'complex64') return callKernel('Tile', backend as tf.KernelBackend, inputs, attrs as Record<string, unknown>);
      const w = asWasm(backend as tf.KernelBackend);
      const out = w.makeOutput(x.shape.map((s, i) => s * reps[i]), x.dtype);
      tileInto(w.typedArrayFromHeap(x) as Typed, x.shape, reps, w.typedArrayFromHeap(out) as Typed);
      return out;
    },
  };
}
