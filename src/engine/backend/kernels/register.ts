// Replaces or adds the training kernels Model Lab needs on the plain-JS and WebAssembly backends.
// A factory returns undefined for a backend it does not apply to.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterKernel } from './conv2dBackpropFilter';
import { conv2dBackpropFilterWasmKernel, conv2dBackpropInputWasmKernel, depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './convWasm';
import { identityKernel } from './identity';
import { batchMatMulKernel, fusedMatMulKernel } from './matMul';
import { maxPoolGradKernel } from './maxPoolGrad';
import { installMeanGradient } from './meanGradient';
import type { PatchResult } from '../tfjsInternals';
import { sumKernel } from './sum';
import { tileKernel } from './tile';
import { unsortedSegmentSumKernel } from './unsortedSegmentSum';

type Factory = (backendName: string) => tf.KernelConfig | undefined;

/** Earlier entries win: the wasm im2col filter gradient before the plain-JS loop. */
const FACTORIES: Factory[] = [
  conv2dBackpropFilterWasmKernel,
  conv2dBackpropFilterKernel,
  conv2dBackpropInputWasmKernel,
  depthwiseBackpropFilterKernel,
  depthwiseBackpropInputKernel,
  unsortedSegmentSumKernel,
  batchMatMulKernel,
  fusedMatMulKernel,
  tileKernel,
  sumKernel,
  maxPoolGradKernel,
  identityKernel,
];
const registered = new Set<string>();
let meanGradient: PatchResult | undefined;

/** The kernels Model Lab registers on a backend, by tfjs kernel name (each must be a kernel tfjs knows). */
export function trainingKernelNames(backendName: 'cpu' | 'wasm'): string[] {
  return [...new Set(FACTORIES.flatMap((factory) => factory(backendName)?.kernelName ?? []))];
}

/** What the gradient patches did (the kernels themselves register through tfjs' public API). */
export function trainingGradientPatches(): PatchResult[] {
  return meanGradient ? [meanGradient] : [];
}

/** Registers our kernels for a backend (idempotent); returns the kernels tfjs had before, for tests. */
export function registerTrainingKernels(backendName: 'cpu' | 'wasm'): Map<string, tf.KernelConfig | undefined> {
  const replaced = new Map<string, tf.KernelConfig | undefined>();
  meanGradient = installMeanGradient();
  for (const factory of FACTORIES) {
    const config = factory(backendName);
    if (!config) continue;
    const key = `${config.kernelName}/${backendName}`;
    if (registered.has(key)) continue;
    const existing = tf.getKernel(config.kernelName, backendName);
    replaced.set(config.kernelName, existing);
    if (existing) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
    registered.add(key);
  }
  return replaced;
}
