// Replaces or adds the training kernels Model Lab needs on the plain-JS and WebAssembly backends.
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterKernel } from './conv2dBackpropFilter';

const FACTORIES = [conv2dBackpropFilterKernel];
const registered = new Set<string>();

/** Registers our kernels for a backend (idempotent); returns the kernels tfjs had before, for tests. */
export function registerTrainingKernels(backendName: 'cpu' | 'wasm'): Map<string, tf.KernelConfig | undefined> {
  const replaced = new Map<string, tf.KernelConfig | undefined>();
  for (const factory of FACTORIES) {
    const config = factory(backendName);
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
