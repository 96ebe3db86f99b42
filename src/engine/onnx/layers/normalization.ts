// BatchNormalization (inference statistics, folded into Mul + Add) and LayerNormalization.
import { attr } from '../graph';
import type { Converter } from '../context';

export const batchNormalization: Converter = (ctx, [x]) => {
  const rank = ctx.rank();
  const rawAxis = ctx.cfg<number | number[]>('axis', -1);
  if (Array.isArray(rawAxis) && rawAxis.length !== 1) ctx.unsupported(`normalisation over several axes [${rawAxis}]`);
  const a0 = Array.isArray(rawAxis) ? rawAxis[0] : rawAxis;
  const axis = a0 < 0 ? rank + a0 : a0;
  if (axis <= 0 || axis >= rank) ctx.unsupported(`axis ${a0} on a rank-${rank} input`);
  // tfjs' CPU batchNorm kernel indexes the statistics as if they were on the last axis (i % C), so
  // for any other axis tfjs' own result is not a per-channel normalisation: nothing correct to match.
  if (axis !== rank - 1) ctx.unsupported(`axis ${a0}: only the last (channels) axis is exported (tfjs' CPU kernel mis-broadcasts other axes)`);
  const eps = ctx.cfg('epsilon', 1e-3);
  const mean = ctx.weight('moving_mean').data;
  const variance = ctx.weight('moving_variance').data;
  const c = mean.length;
  const gamma = ctx.hasWeight('gamma') ? ctx.weight('gamma').data : new Float32Array(c).fill(1);
  const beta = ctx.hasWeight('beta') ? ctx.weight('beta').data : new Float32Array(c);
  // tfjs kernel: offset + (x − mean)·gamma/√(var+ε). Folded once here, in double precision.
  const scale = new Float32Array(c);
  const shift = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    const s = gamma[i] / Math.sqrt(variance[i] + eps);
    scale[i] = s;
    shift[i] = beta[i] - mean[i] * s;
  }
  const dims = [c]; // broadcasts on the last axis
  const g = ctx.g;
  const y = g.op('Mul', [x, g.float(`${ctx.prefix}/scale`, dims, scale)], `${ctx.prefix}/Mul`);
  return [g.op('Add', [y, g.float(`${ctx.prefix}/shift`, dims, shift)], `${ctx.prefix}/Add`)];
};

export const layerNormalization: Converter = (ctx, [x]) => {
  const rank = ctx.rank();
  const raw = ctx.cfg<number | number[]>('axis', -1);
  const axes = (Array.isArray(raw) ? raw : [raw]).map((a) => (a < 0 ? rank + a : a)).sort((a, b) => a - b);
  // ONNX normalises over every axis from `axis` to the end: only trailing, contiguous axes map.
  if (axes[0] <= 0 || axes.some((a, i) => a !== rank - axes.length + i)) ctx.unsupported(`axis [${raw}] (only trailing contiguous axes are exported)`);
  const eps = ctx.cfg('epsilon', 1e-3);
  const paramShape = axes.map((a) => ctx.inputShapes[0][a] as number);
  const size = paramShape.reduce((p, d) => p * d, 1);
  const gamma = ctx.hasWeight('gamma') ? ctx.weight('gamma').data : new Float32Array(size).fill(1);
  const beta = ctx.hasWeight('beta') ? ctx.weight('beta').data : new Float32Array(size);
  const g = ctx.g;
  const p = ctx.prefix;
  const scale = g.float(`${p}/gamma`, paramShape, gamma);
  const bias = g.float(`${p}/beta`, paramShape, beta);
  if (ctx.opset >= 17) {
    return [g.op('LayerNormalization', [x, scale, bias], `${p}/LayerNormalization`, attr.int('axis', axes[0]), attr.float('epsilon', eps))];
  }
  // Opsets 13–16 have no LayerNormalization op: (x − mean)/√(var + ε)·γ + β.
  const mean = g.op('ReduceMean', [x], `${p}/mean`, attr.ints('axes', axes), attr.int('keepdims', 1));
  const d = g.op('Sub', [x, mean], `${p}/centered`);
  const variance = g.op('ReduceMean', [g.op('Mul', [d, d], `${p}/sq`)], `${p}/variance`, attr.ints('axes', axes), attr.int('keepdims', 1));
  const std = g.op('Sqrt', [g.op('Add', [variance, g.scalar(`${p}/epsilon`, eps)], `${p}/var_eps`)], `${p}/std`);
  const norm = g.op('Div', [d, std], `${p}/normalized`);
  return [g.op('Add', [g.op('Mul', [norm, scale], `${p}/scaled`), bias], `${p}/shifted`)];
};
