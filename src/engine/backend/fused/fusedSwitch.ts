// Whether a fused path runs now, shared by the fused layers (kept apart from index.ts, which installs them,
// so that no fused module imports the module that imports it).
import type * as tf from '@tensorflow/tfjs';
import { hostReadsAreCheap } from '../hostReads';

let enabled = true;

/** Tests switch the fused paths off to compare them with tfjs' own layers on the same backend. */
export function setFusedLayersEnabled(on: boolean): void {
  enabled = on;
}

/** Whether a fused path should run now: switched on, and host reads are cheap on the active backend. */
export function fusedPathActive(): boolean {
  return enabled && hostReadsAreCheap();
}

/** The one tensor a layer was called on, or undefined for several. */
export function singleInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | undefined {
  if (!Array.isArray(inputs)) return inputs;
  return inputs.length === 1 ? inputs[0] : undefined;
}
