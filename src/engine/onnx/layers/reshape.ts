// Layers that move elements around without arithmetic: Flatten, Reshape, Permute, RepeatVector,
// ZeroPadding2D, Cropping2D, UpSampling2D, Embedding. All act on tfjs' own (NHWC) layout.
import { DataType } from '../proto';
import { attr } from '../graph';
import type { Converter } from '../context';
import { INT64_MAX } from '../tensors';

export const flatten: Converter = (ctx, [x]) => {
  ctx.requireChannelsLast();
  // The value is NHWC here (conv wrappers transpose back), so ONNX Flatten keeps tfjs' H,W,C order.
  return [ctx.g.op('Flatten', [x], `${ctx.prefix}/Flatten`, attr.int('axis', 1))];
};

export const reshape: Converter = (ctx, [x]) => {
  const target = ctx.cfg<(number | null)[]>('targetShape');
  // 0 copies the (dynamic) batch; tfjs' null / -1 is the inferred dimension.
  const shape = [0, ...target.map((d) => (d === null || d < 0 ? -1 : d))];
  if (target.some((d) => d === 0)) ctx.unsupported('a 0 in targetShape');
  return [ctx.g.op('Reshape', [x, ctx.g.int64(`${ctx.prefix}/shape`, [shape.length], shape)], `${ctx.prefix}/Reshape`)];
};

export const permute: Converter = (ctx, [x]) => {
  const dims = ctx.cfg<number[]>('dims'); // 1-based, batch excluded
  return [ctx.g.op('Transpose', [x], `${ctx.prefix}/Transpose`, attr.ints('perm', [0, ...dims]))];
};

export const repeatVector: Converter = (ctx, [x]) => {
  const n = ctx.cfg<number>('n');
  const g = ctx.g;
  const u = g.op('Unsqueeze', [x, g.int64(`${ctx.prefix}/axes`, [1], [1])], `${ctx.prefix}/Unsqueeze`);
  return [g.op('Tile', [u, g.int64(`${ctx.prefix}/repeats`, [3], [1, n, 1])], `${ctx.prefix}/Tile`)];
};

function pairs(v: unknown): [[number, number], [number, number]] {
  if (typeof v === 'number') return [[v, v], [v, v]];
  const [a, b] = v as (number | number[])[];
  const p = (x: number | number[]): [number, number] => (typeof x === 'number' ? [x, x] : [x[0], x[1]]);
  return [p(a), p(b)];
}

export const zeroPadding2d: Converter = (ctx, [x]) => {
  ctx.requireChannelsLast();
  const [[t, b], [l, r]] = pairs(ctx.cfg('padding', 1));
  const g = ctx.g;
  return [g.op('Pad', [x, g.int64(`${ctx.prefix}/pads`, [8], [0, t, l, 0, 0, b, r, 0])], `${ctx.prefix}/Pad`, attr.string('mode', 'constant'))];
};

export const cropping2d: Converter = (ctx, [x]) => {
  ctx.requireChannelsLast();
  const [[t, b], [l, r]] = pairs(ctx.cfg('cropping', 0));
  const g = ctx.g;
  // Negative ends count from the end, so the spatial size need not be known.
  const end = (n: number) => (n > 0 ? BigInt(-n) : INT64_MAX);
  const starts = g.int64(`${ctx.prefix}/starts`, [2], [t, l]);
  const ends = g.int64(`${ctx.prefix}/ends`, [2], [end(b), end(r)]);
  const axes = g.int64(`${ctx.prefix}/axes`, [2], [1, 2]);
  return [g.op('Slice', [x, starts, ends, axes], `${ctx.prefix}/Slice`)];
};

export const upSampling2d: Converter = (ctx, [x]) => {
  ctx.requireChannelsLast();
  const size = ctx.cfg<number[] | number>('size', [2, 2]);
  const [sh, sw] = typeof size === 'number' ? [size, size] : size;
  const interpolation = ctx.cfg('interpolation', 'nearest');
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') ctx.unsupported(`interpolation '${interpolation}'`);
  const g = ctx.g;
  const scales = g.float(`${ctx.prefix}/scales`, [4], [1, sh, sw, 1]);
  // tfjs resizes with alignCorners=false, halfPixelCenters=false: 'asymmetric' coordinates (not Keras' half_pixel).
  const attrs = [attr.string('coordinate_transformation_mode', 'asymmetric'), attr.string('mode', interpolation === 'nearest' ? 'nearest' : 'linear')];
  if (interpolation === 'nearest') attrs.push(attr.string('nearest_mode', 'floor'));
  return [g.node('Resize', [x, '', scales], attrs, `${ctx.prefix}/Resize`)[0]];
};

export const embedding: Converter = (ctx, [x]) => {
  const table = ctx.weight('embeddings');
  const g = ctx.g;
  // tfjs casts the ids to int32 (truncating); Cast to INT64 truncates the same way.
  const ids = g.op('Cast', [x], `${ctx.prefix}/Cast`, attr.int('to', DataType.INT64));
  return [g.op('Gather', [g.float(`${ctx.prefix}/embeddings`, table.shape, table.data), ids], `${ctx.prefix}/Gather`, attr.int('axis', 0))];
};
