// The recurrence of an LSTM layer, forward and backward through time, on flat row-major Float32Arrays,
// with tfjs-layers' semantics (LSTMCell implementation 2: z = x·W + b + h·R split into gates i, f, c, o;
// c' = f·c + i·act(z_c); h' = o·act(c')). The input projection x·W is not here: it is one product over
// the whole sequence, left to the backend's matMul (as are its gradients and dR = h_prevᵀ·dz). Every
// per-step quantity is kept in the input's row order (row b·T + t), matching that projection.
// The products h·R and dz·Rᵀ run on the SIMD kernel where WebAssembly has it (5–8× the JS loop below at the
// bench LSTM's shapes, copies in and out included: npm run bench:gemm).
import { sharedHostGemm } from '../simd/hostGemm';
import { activate, multiplyByDerivative, type ActivationKind } from './lstmActivations';

export interface LstmShape {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
  /** Process the sequence from its last time step to its first (tfjs' goBackwards). */
  goBackwards: boolean;
  activation: ActivationKind;
  recurrentActivation: ActivationKind;
}

/** What the forward pass keeps for the backward pass; rows b·T + t, t the input's time index. */
export interface LstmTrace {
  /** Gate pre-activations [B·T, 4U]. */
  z: Float32Array;
  /** Gate activations [B·T, 4U]. */
  gates: Float32Array;
  /** Cell state after each step [B·T, U]. */
  c: Float32Array;
  /** activation(c) [B·T, U]. */
  cAct: Float32Array;
  /** Hidden state after each step [B·T, U]. */
  h: Float32Array;
}

/** The input time index of processing step s. */
export const timeOf = (shape: LstmShape, s: number) => (shape.goBackwards ? shape.steps - 1 - s : s);

/**
 * out[i, :] += a[i, :]·w for i < m; w [k×n] row-major; row i of a at aOff + i·aStride, of out at
 * outOff + i·outStride. Tiles of 2 rows × 4 columns accumulate in locals (6 loads per 8 multiply-adds).
 */
export function addRowsTimesMatrix(a: Float32Array, aOff: number, aStride: number, m: number, k: number, w: Float32Array, n: number, out: Float32Array, outOff: number, outStride: number): void {
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = aOff + i * aStride;
    const a1 = a0 + aStride;
    const o0 = outOff + i * outStride;
    const o1 = o0 + outStride;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      let s00 = out[o0 + j], s01 = out[o0 + j + 1], s02 = out[o0 + j + 2], s03 = out[o0 + j + 3];
      let s10 = out[o1 + j], s11 = out[o1 + j + 1], s12 = out[o1 + j + 2], s13 = out[o1 + j + 3];
      for (let p = 0, wp = j; p < k; p++, wp += n) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const w0 = w[wp], w1 = w[wp + 1], w2 = w[wp + 2], w3 = w[wp + 3];
        s00 += x0 * w0; s01 += x0 * w1; s02 += x0 * w2; s03 += x0 * w3;
        s10 += x1 * w0; s11 += x1 * w1; s12 += x1 * w2; s13 += x1 * w3;
      }
      out[o0 + j] = s00; out[o0 + j + 1] = s01; out[o0 + j + 2] = s02; out[o0 + j + 3] = s03;
      out[o1 + j] = s10; out[o1 + j + 1] = s11; out[o1 + j + 2] = s12; out[o1 + j + 3] = s13;
    }
    for (; j < n; j++) {
      let s0 = out[o0 + j], s1 = out[o1 + j];
      for (let p = 0; p < k; p++) {
        s0 += a[a0 + p] * w[p * n + j];
        s1 += a[a1 + p] * w[p * n + j];
      }
      out[o0 + j] = s0;
      out[o1 + j] = s1;
    }
  }
  if (i < m) {
    const a0 = aOff + i * aStride;
    const o0 = outOff + i * outStride;
    for (let j = 0; j < n; j++) {
      let s = out[o0 + j];
      for (let p = 0; p < k; p++) s += a[a0 + p] * w[p * n + j];
      out[o0 + j] = s;
    }
  }
}

/** wᵀ [n×m] of w [m×n]. */
function transpose(w: Float32Array, m: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j * m + i] = w[i * n + j];
  return out;
}

/** Runs the recurrence from the input projections xw = x·W [B·T, 4U] (not modified), bias [4U] or null, recurrentKernel R [U, 4U]. */
export function lstmForward(shape: LstmShape, xw: Float32Array, bias: Float32Array | null, recurrentKernel: Float32Array): LstmTrace {
  const { batch: B, steps: T, units: U, activation, recurrentActivation } = shape;
  const G = 4 * U;
  const rows = B * T;
  const z = xw.slice();
  if (bias) {
    for (let r = 0; r < rows; r++) {
      const o = r * G;
      for (let j = 0; j < G; j++) z[o + j] += bias[j];
    }
  }
  const gates = new Float32Array(rows * G);
  const c = new Float32Array(rows * U);
  const cAct = new Float32Array(rows * U);
  const h = new Float32Array(rows * U);
  const simd = sharedHostGemm();
  simd?.load(recurrentKernel, U, G);
  for (let s = 0; s < T; s++) {
    const t = timeOf(shape, s);
    const tPrev = s > 0 ? timeOf(shape, s - 1) : -1;
    if (s > 0) {
      if (simd) simd.addRowsTimes(h, tPrev * U, T * U, B, z, t * G, T * G);
      else addRowsTimesMatrix(h, tPrev * U, T * U, B, U, recurrentKernel, G, z, t * G, T * G);
    }
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const zo = row * G;
      const co = row * U;
      const pco = (b * T + tPrev) * U;
      activate(recurrentActivation, z, gates, zo, 2 * U); // i, f
      activate(activation, z, gates, zo + 2 * U, U);
      activate(recurrentActivation, z, gates, zo + 3 * U, U); // o
      for (let u = 0; u < U; u++) {
        const cPrev = s > 0 ? c[pco + u] : 0;
        c[co + u] = gates[zo + U + u] * cPrev + gates[zo + u] * gates[zo + 2 * U + u];
      }
      activate(activation, c, cAct, co, U);
      for (let u = 0; u < U; u++) h[co + u] = gates[zo + 3 * U + u] * cAct[co + u];
    }
  }
  return { z, gates, c, cAct, h };
}

/**
 * Backward through time: the gradient dz [B·T, 4U] of the gate pre-activations (which is also that of the
 * input projections; its column sums are the bias gradient). dhSeq [B, T, U] is the gradient of the output sequence (in processing order, as
 * tfjs stacks it) or null; dhLast and dcLast [B, U] those of the final h and c, or null.
 */
export function lstmBackward(shape: LstmShape, trace: LstmTrace, recurrentKernel: Float32Array, dhSeq: Float32Array | null, dhLast: Float32Array | null, dcLast: Float32Array | null): Float32Array {
  const { batch: B, steps: T, units: U, activation, recurrentActivation } = shape;
  const G = 4 * U;
  const { z, gates, c, cAct } = trace;
  const dz = new Float32Array(B * T * G);
  const dhNext = new Float32Array(B * U);
  const dcNext = new Float32Array(B * U);
  const dcFromH = new Float32Array(U);
  const recurrentT = transpose(recurrentKernel, U, G);
  const simd = sharedHostGemm();
  simd?.load(recurrentT, G, U);
  for (let s = T - 1; s >= 0; s--) {
    const t = timeOf(shape, s);
    const tPrev = s > 0 ? timeOf(shape, s - 1) : -1;
    const last = s === T - 1;
    for (let b = 0; b < B; b++) {
      const row = b * T + t;
      const zo = row * G;
      const co = row * U;
      const pco = (b * T + tPrev) * U;
      const so = (b * T + s) * U;
      for (let u = 0; u < U; u++) {
        let dh = dhNext[b * U + u];
        if (dhSeq) dh += dhSeq[so + u];
        if (last && dhLast) dh += dhLast[b * U + u];
        dcFromH[u] = dh * gates[zo + 3 * U + u];
        dz[zo + 3 * U + u] = dh * cAct[co + u];
      }
      multiplyByDerivative(activation, c, cAct, co, dcFromH, 0, U);
      for (let u = 0; u < U; u++) {
        let dc = dcNext[b * U + u] + dcFromH[u];
        if (last && dcLast) dc += dcLast[b * U + u];
        const cPrev = s > 0 ? c[pco + u] : 0;
        dz[zo + u] = dc * gates[zo + 2 * U + u];
        dz[zo + U + u] = dc * cPrev;
        dz[zo + 2 * U + u] = dc * gates[zo + u];
        dcNext[b * U + u] = dc * gates[zo + U + u];
      }
      multiplyByDerivative(recurrentActivation, z, gates, zo, dz, zo, 2 * U);
      multiplyByDerivative(activation, z, gates, zo + 2 * U, dz, zo + 2 * U, U);
      multiplyByDerivative(recurrentActivation, z, gates, zo + 3 * U, dz, zo + 3 * U, U);
    }
    // dh_{s-1} = dz_s·Rᵀ, for every sample at once.
    if (s > 0) {
      dhNext.fill(0);
      if (simd) simd.addRowsTimes(dz, t * G, T * G, B, dhNext, 0, U);
      else addRowsTimesMatrix(dz, t * G, T * G, B, G, recurrentT, U, dhNext, 0, U);
    }
  }
  return dz;
}

/** h_{s-1} in the row of step s (zeros for the first step) [B·T, U]: dR = this ᵀ·dz. */
export function previousHidden(shape: LstmShape, trace: LstmTrace): Float32Array {
  const { batch: B, steps: T, units: U } = shape;
  const out = new Float32Array(B * T * U);
  for (let s = 1; s < T; s++) {
    const t = timeOf(shape, s);
    const tPrev = timeOf(shape, s - 1);
    for (let b = 0; b < B; b++) {
      const from = (b * T + tPrev) * U;
      const to = (b * T + t) * U;
      for (let u = 0; u < U; u++) out[to + u] = trace.h[from + u];
    }
  }
  return out;
}

/** Σ over rows of m [rows×n]. */
export function columnSums(m: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let o = 0; o < m.length; o += n) for (let j = 0; j < n; j++) out[j] += m[o + j];
  return out;
}
