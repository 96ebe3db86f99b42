// Whether a model trains faster on the wasm backend's multi-threaded build. XNNPACK splits each
// convolution and matrix product across its pool, which pays only when the work per kernel outweighs
// the pool's synchronisation. Measured on 2 cores (npm run bench): the bench CNN, ~42M multiply-adds
// per batch in its convolutions, +13–17% with 2 threads; the digits CNN (~2.7M) −30%; the LSTM −38%
// and the MLP −5% (matrix products too small to split). So: every core for convolution-heavy models.
import * as tf from '@tensorflow/tfjs';
import { defaultWasmThreads, wasmThreadsSupported } from './wasmThreads';

/** Multiply-adds per batch (forward) above which the threaded build is chosen. */
export const THREADED_CONVOLUTION_WORK = 20e6;

const CONVOLUTIONS = new Set(['Conv1D', 'Conv2D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D']);

const product = (xs: readonly (number | null)[]) => xs.reduce<number>((p, x) => p * (x ?? 1), 1);

/** Multiply-adds per batch in the model's convolutions: output elements × kernel taps × input channels. */
export function convolutionWork(model: tf.LayersModel, batchSize: number): number {
  let work = 0;
  for (const layer of model.layers) {
    if (!CONVOLUTIONS.has(layer.getClassName())) continue;
    const out = layer.outputShape;
    const kernel = layer.trainableWeights[0]?.shape;
    if (!Array.isArray(out) || Array.isArray(out[0]) || !kernel) continue;
    // kernel: [...taps, inChannels, outChannels] (depthwise: [...taps, inChannels, multiplier]).
    const perOutput = layer.getClassName() === 'DepthwiseConv2D' ? product(kernel.slice(0, -2)) : product(kernel.slice(0, -1));
    work += product((out as (number | null)[]).slice(1)) * perOutput;
  }
  return work * batchSize;
}

export interface ThreadChoice {
  threads: number;
  reason: string;
}

/**
 * The wasm threads for this model, or undefined to keep the single-threaded build. An explicit
 * MODELLAB_WASM_THREADS always wins (1 keeps the single-threaded build).
 */
export function chooseWasmThreads(model: tf.LayersModel, batchSize: number, env: NodeJS.ProcessEnv = process.env, cores = defaultWasmThreads()): ThreadChoice | undefined {
  if (env.MODELLAB_WASM_THREADS !== undefined && env.MODELLAB_WASM_THREADS !== '') return undefined;
  if (cores < 2 || !wasmThreadsSupported()) return undefined;
  const work = convolutionWork(model, batchSize);
  if (work < THREADED_CONVOLUTION_WORK) return undefined;
  return { threads: cores, reason: `${cores} threads: the convolutions do ${(work / 1e6).toFixed(0)}M multiply-adds per batch, enough to pay for splitting them (set MODELLAB_WASM_THREADS=1 for one thread)` };
}
