// Proves an export numerically: runs the bytes in onnxruntime-node and the live model in tfjs on the
// same inputs, and compares every output element with |onnx − tfjs| ≤ 1e-4 + 1e-4·|tfjs|. Correct
// exports land near 1e-6; real mapping bugs (sigmoid for hardSigmoid, a GRU reset variant) are at
// 1e-2..6e-3, so the tolerance must never be loosened.
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';

export const ATOL = 1e-4;
export const RTOL = 1e-4;

export interface OutputDiff {
  name: string;
  /** Shape of the tfjs output (the ONNX one must be identical). */
  shape: number[];
  onnxShape: number[];
  maxAbs: number;
  /** max |a − b| / (|b| + 1e-7), as torch.onnx reports it. */
  maxRel: number;
  mismatches: number;
  firstMismatch?: { index: number; onnx: number; tfjs: number };
  passed: boolean;
}

export interface VerificationCase {
  label: string;
  batch: number;
  outputs: OutputDiff[];
  passed: boolean;
}

export interface VerificationReport {
  passed: boolean;
  tolerance: { atol: number; rtol: number };
  runtime: string;
  cases: VerificationCase[];
  /** Worst case per output over all input sets. */
  outputs: { name: string; maxAbs: number; maxRel: number; passed: boolean }[];
}

export interface InputSet {
  label: string;
  /** One tensor per model input, batch first. */
  inputs: tf.Tensor[];
}

export interface GraphIO {
  inputs: { name: string; dtype: 'float32' | 'int32' }[];
  outputs: string[];
}

export function compare(name: string, onnx: ArrayLike<number>, onnxShape: number[], ref: ArrayLike<number>, shape: number[]): OutputDiff {
  let maxAbs = 0;
  let maxRel = 0;
  let mismatches = 0;
  let firstMismatch: OutputDiff['firstMismatch'];
  const sameShape = onnxShape.length === shape.length && onnxShape.every((d, i) => d === shape[i]) && onnx.length === ref.length;
  if (sameShape) {
    for (let i = 0; i < ref.length; i++) {
      const a = onnx[i];
      const b = ref[i];
      let ok: boolean;
      let diff: number;
      if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) {
        ok = Object.is(a, b) || a === b; // NaN and ±Inf must match exactly
        diff = ok ? 0 : Infinity;
      } else {
        diff = Math.abs(a - b);
        ok = diff <= ATOL + RTOL * Math.abs(b);
        maxRel = Math.max(maxRel, diff / (Math.abs(b) + 1e-7));
      }
      maxAbs = Math.max(maxAbs, diff);
      if (!ok) {
        mismatches++;
        firstMismatch ??= { index: i, onnx: a, tfjs: b };
      }
    }
  }
  return { name, shape, onnxShape, maxAbs: sameShape ? maxAbs : Infinity, maxRel: sameShape ? maxRel : Infinity, mismatches, firstMismatch, passed: sameShape && mismatches === 0 };
}

export async function verifyExport(bytes: Uint8Array, model: tf.LayersModel, io: GraphIO, sets: InputSet[]): Promise<VerificationReport> {
  const session = await ort.InferenceSession.create(bytes);
  const cases: VerificationCase[] = [];
  try {
    for (const set of sets) {
      const feeds: Record<string, ort.Tensor> = {};
      set.inputs.forEach((t, i) => {
        const { name, dtype } = io.inputs[i];
        const data = dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
        feeds[name] = new ort.Tensor(dtype, data, t.shape);
      });
      const result = await session.run(feeds);
      const predicted = tf.tidy(() => {
        const y = model.predict(set.inputs.length === 1 ? set.inputs[0] : set.inputs);
        return Array.isArray(y) ? y : [y];
      });
      const outputs = io.outputs.map((name, i) => {
        const o = result[name];
        const ref = predicted[i];
        return compare(name, o.data as Float32Array, o.dims.map(Number), ref.dataSync(), ref.shape);
      });
      tf.dispose(predicted);
      cases.push({ label: set.label, batch: set.inputs[0].shape[0] ?? 0, outputs, passed: outputs.every((o) => o.passed) });
    }
  } finally {
    await session.release();
  }
  const outputs = io.outputs.map((name, i) => ({
    name,
    maxAbs: Math.max(...cases.map((c) => c.outputs[i].maxAbs)),
    maxRel: Math.max(...cases.map((c) => c.outputs[i].maxRel)),
    passed: cases.every((c) => c.outputs[i].passed),
  }));
  return { passed: cases.length > 0 && cases.every((c) => c.passed), tolerance: { atol: ATOL, rtol: RTOL }, runtime: `onnxruntime-node ${ort.env.versions?.common ?? ''}`.trim(), cases, outputs };
}
