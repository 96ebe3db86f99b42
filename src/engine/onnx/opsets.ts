// Which ONNX operator exists from which opset (default domain), for the operators this exporter emits.
// onnxruntime accepts some operators outside the opset a model declares (it registers contrib kernels
// in the ONNX domain), so it cannot be trusted to reject them: the exporter keeps its own table.
export const MIN_OPSET = 13;
export const MAX_OPSET = 17;
export const DEFAULT_OPSET = 17;

/** The opset each operator first appeared in. Ops whose signature changed inside 13..17 are noted. */
const SINCE: Record<string, number> = {
  Add: 1, Sub: 1, Mul: 1, Div: 1, Neg: 1, Sqrt: 1, Exp: 1, Pow: 1, Max: 1, Min: 1, Sum: 1, Mean: 1,
  MatMul: 1, Relu: 1, Elu: 1, Selu: 1, Sigmoid: 1, HardSigmoid: 1, Tanh: 1, Softmax: 1, LogSoftmax: 1,
  Softplus: 1, Softsign: 1, LeakyRelu: 1, PRelu: 1, Clip: 1, Identity: 1, Transpose: 1, Reshape: 1,
  Flatten: 1, Conv: 1, ConvTranspose: 1, MaxPool: 1, AveragePool: 1, ReduceMean: 1, ReduceMax: 1,
  ReduceSum: 1, ReduceSumSquare: 1, Pad: 1, Slice: 1, Gather: 1, Cast: 1, Concat: 1, Squeeze: 1,
  Unsqueeze: 1, Tile: 1, RNN: 1, GRU: 1, LSTM: 1,
  Erf: 9,
  ThresholdedRelu: 10,
  Resize: 10,
  Einsum: 12,
  LayerNormalization: 17,
  // Not emitted, listed so a future change cannot use them at 17 by accident:
  Mish: 18, Gelu: 20,
};

/** Reduce* ops take `axes` as an attribute up to opset 17 (an input from 18); Squeeze/Unsqueeze/Slice/Pad/Clip/ReduceSum take inputs from 13. */
export function opExists(op: string, opset: number): boolean {
  const since = SINCE[op];
  return since !== undefined && since <= opset;
}

export function isKnownOp(op: string): boolean {
  return SINCE[op] !== undefined;
}

/** IR version that goes with an opset (onnx/helper.py VERSION_TABLE). */
export function irVersionFor(opset: number): number {
  return opset >= 15 ? 8 : 7;
}
