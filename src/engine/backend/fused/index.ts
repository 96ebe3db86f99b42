// Fused training paths for layers whose tfjs implementation launches hundreds of small kernels per
// step (an LSTM step by step; batch normalization through moments and its autodiff; Dense with ReLU as
// three taped ops), and for Adam's
// update (14 kernels per variable). On the backends
// where reading a tensor is a memory copy (wasm, cpu) one fused op computes the layer and its gradient
// in a few passes over typed arrays; elsewhere tfjs' own implementation is kept.
import type { PatchResult } from '../tfjsInternals';
import { installFusedAdam } from './adam';
import { installFusedBatchNorm } from './batchNorm';
import { installFusedDense } from './dense';
import { installFusedLstm } from './lstm';

export { fusedPathActive, setFusedLayersEnabled, singleInput } from './fusedSwitch';

const INSTALLERS: (() => PatchResult)[] = [installFusedBatchNorm, installFusedLstm, installFusedAdam, installFusedDense];

let results: PatchResult[] | undefined;

/**
 * Installs every fused layer path once (each checks the active backend at call time) and returns what each
 * installer did: one that found nothing to patch (a tfjs whose internals moved) says so instead of vanishing.
 */
export function installFusedLayers(): PatchResult[] {
  results ??= INSTALLERS.map((install) => install());
  return results;
}
