import * as tf from '@tensorflow/tfjs';

/** Whether reading tensors back is cheap on the active backend (host memory, no device sync). */
export function hostReadsAreCheap(backend = tf.getBackend()): boolean {
  return backend === 'wasm' || backend === 'cpu';
}
