// The LSTM layer as one op with its own gradient. tfjs-layers runs an LSTM step by step, each step a
// dozen kernels forward and more backward (~2,000 calls per training step for 20 time steps), which on
// wasm/cpu costs far more in per-kernel overhead than in arithmetic. Here the layer reads its input and
// recurrent weights once and runs forward and backward through time over typed arrays (lstmKernels.ts).
// Configurations outside what that implements fall through to tfjs' own call.
import * as tf from '@tensorflow/tfjs';
import { wrapLayerCall, type LstmInternals, type PatchResult } from '../tfjsInternals';
import { fusedPathActive } from './fusedSwitch';
import { activationKind } from './lstmActivations';
import { columnSums, lstmBackward, lstmForward, previousHidden, timeOf, type LstmShape } from './lstmKernels';

type LstmLayer = LstmInternals;

type Kwargs = Record<string, unknown> | undefined;

const dropoutActive = (rate: number) => 0 < rate && rate < 1; // as LSTMCell.call decides

/** The layer's shape and activations if the fused op computes this call exactly, else undefined. */
function fusableShape(layer: LstmLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): LstmShape | undefined {
  if (!fusedPathActive()) return undefined;
  if (kwargs?.mask != null || kwargs?.initialState != null || kwargs?.constants != null) return undefined;
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0] : undefined) : inputs;
  if (!x || x.rank !== 3 || x.dtype !== 'float32' || x.shape[1] === 0) return undefined;
  const cell = layer.cell;
  if (layer.stateful || cell.getClassName() !== 'LSTMCell') return undefined;
  // Dropout masks are drawn only in training; elsewhere they are all ones.
  if (kwargs?.training && (dropoutActive(cell.dropout) || dropoutActive(cell.recurrentDropout))) return undefined;
  const activation = cell.activation && activationKind(cell.activation.getClassName());
  const recurrentActivation = cell.recurrentActivation && activationKind(cell.recurrentActivation.getClassName());
  if (!activation || !recurrentActivation) return undefined;
  const [batch, steps, inputDim] = x.shape as [number, number, number];
  return { batch, steps, inputDim, units: cell.units, goBackwards: layer.goBackwards, activation, recurrentActivation };
}

/** Copies one row of U floats: row `to` of out ← row `from` of src. */
function copyRow(src: Float32Array, from: number, out: Float32Array, to: number, U: number): void {
  for (let u = 0; u < U; u++) out[to * U + u] = src[from * U + u];
}

/**
 * The layer's outputs as tfjs returns them: the sequence [B, T, U] or the last h [B, U], then h and c
 * when returnState. The input projection x·W is one backend matMul over the whole sequence (its
 * gradients too); the recurrence (bias included) is one op whose output packs the results as [B, K, U]:
 * the output positions, then c when returnState.
 */
function fusedCall(layer: LstmLayer, shape: LstmShape, x: tf.Tensor): tf.Tensor | tf.Tensor[] {
  const { batch: B, steps: T, inputDim: D, units: U } = shape;
  const cell = layer.cell;
  const outPositions = layer.returnSequences ? T : 1;
  const positions = outPositions + (layer.returnState ? 1 : 0);
  const packedShape = layer.returnState ? [B, positions, U] : layer.returnSequences ? [B, T, U] : [B, U];
  const projection = tf.matMul(tf.reshape(x, [B * T, D]), cell.kernel.read());
  const inputs = [projection, cell.recurrentKernel.read()];
  if (cell.useBias && cell.bias) inputs.push(cell.bias.read());

  const recurrence = tf.customGrad((...args: unknown[]) => {
    const [xwT, recurrentT, biasT] = args.slice(0, inputs.length) as tf.Tensor[];
    const recurrent = recurrentT.dataSync() as Float32Array;
    const trace = lstmForward(shape, xwT.dataSync() as Float32Array, biasT ? (biasT.dataSync() as Float32Array) : null, recurrent);
    const packed = new Float32Array(B * positions * U);
    for (let b = 0; b < B; b++) {
      for (let p = 0; p < outPositions; p++) copyRow(trace.h, b * T + timeOf(shape, layer.returnSequences ? p : T - 1), packed, b * positions + p, U);
      if (layer.returnState) copyRow(trace.c, b * T + timeOf(shape, T - 1), packed, b * positions + outPositions, U);
    }
    const gradFunc = (dy: tf.Tensor) => {
      const d = dy.dataSync() as Float32Array;
      const dhSeq = layer.returnSequences ? new Float32Array(B * T * U) : null;
      const dhLast = layer.returnSequences ? null : new Float32Array(B * U);
      const dcLast = layer.returnState ? new Float32Array(B * U) : null;
      for (let b = 0; b < B; b++) {
        if (dhSeq) for (let p = 0; p < T; p++) copyRow(d, b * positions + p, dhSeq, b * T + p, U);
        else copyRow(d, b * positions, dhLast!, b, U);
        if (dcLast) copyRow(d, b * positions + outPositions, dcLast, b, U);
      }
      const dzValues = lstmBackward(shape, trace, recurrent, dhSeq, dhLast, dcLast);
      const dz = tf.tensor(dzValues, xwT.shape);
      const dRecurrent = tf.matMul(tf.tensor(previousHidden(shape, trace), [B * T, U]), dz, true, false);
      return biasT ? [dz, dRecurrent, tf.tensor(columnSums(dzValues, 4 * U), biasT.shape)] : [dz, dRecurrent];
    };
    return { value: tf.tensor(packed, packedShape), gradFunc };
  });

  const packed = recurrence(...inputs);
  if (!layer.returnState) return packed;
  const sequence = tf.slice(packed, [0, 0, 0], [B, outPositions, U]);
  const output = layer.returnSequences ? sequence : tf.reshape(sequence, [B, U]);
  const h = tf.reshape(tf.slice(packed, [0, outPositions - 1, 0], [B, 1, U]), [B, U]);
  const c = tf.reshape(tf.slice(packed, [0, outPositions, 0], [B, 1, U]), [B, U]);
  return [output, h, c];
}

/** Wraps tfjs-layers' LSTM.call (the class is registered for deserialization under 'LSTM'). */
export function installFusedLstm(): PatchResult {
  return wrapLayerCall<LstmLayer>('LSTM', (tfjsCall) => function (inputs, kwargs) {
    const shape = fusableShape(this, inputs, kwargs);
    if (!shape) return tfjsCall.call(this, inputs, kwargs);
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => fusedCall(this, shape, x));
  });
}
