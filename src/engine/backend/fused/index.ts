// Fused training paths for layers whose tfjs implementation launches hundreds of small kernels per
// step (an LSTM step by step; batch normalization through moments and its autodiff; Dense with ReLU as
// three taped ops), and for Adam's
// update (14 kernels per variable). On the backends
// where reading a tensor is a memory copy (wasm, cpu) one fused op computes the layer and its gradient
// in a few passes over typed arrays; elsewhere tfjs' own implementation is kept.
import type * as tf from '@tensorflow/tfjs';
import { hostReadsAreCheap } from '../hostReads';
import { installFusedAdam } from './adam';
import { installFusedBatchNorm } from './batchNorm';
import { installFusedDense } from './dense';
import { installFusedLstm } from './lstm';

type Installer = () => void;

const INSTALLERS: Installer[] = [installFusedBatchNorm, installFusedLstm, installFusedAdam, installFusedDense];

let installed = false;
let enabled = true;

/** Installs every fused layer path once (each checks the active backend at call time). */
export function installFusedLayers(): void {
  if (installed) return;
  installed = true;
  for (const install of INSTALLERS) install();
}

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
