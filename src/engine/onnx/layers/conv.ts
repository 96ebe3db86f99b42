// Convolutions and pooling. tfjs is NHWC, ONNX Conv/Pool are NCHW: each op is wrapped in
// Transpose(to NCHW) … Transpose(back to NHWC), with the activation applied inside so that
// consecutive wrappers meet as inverse Transposes, which the graph builder cancels.
import { attr } from '../graph';
import type { Converter, ConvertContext } from '../context';
import { transposeData } from '../tensors';
import { applyActivation } from './core';

export function tuple(v: unknown, n: number): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  const a = v as number[];
  return a.length === n ? a.slice() : new Array<number>(n).fill(a[0]);
}

/**
 * Explicit ONNX pads [begins…, ends…] for tfjs padding. TF's 'same' puts the odd pixel at the end
 * (tfjs-core conv_util getPadAndOutInfo); auto_pad is never used (onnxruntime had SAME_* bugs).
 */
export function convPads(ctx: ConvertContext, padding: string, spatial: (number | null)[], kernel: number[], strides: number[], dilations: number[]): number[] {
  if (padding === 'valid') return new Array<number>(spatial.length * 2).fill(0);
  if (padding !== 'same') ctx.unsupported(`padding '${padding}'`);
  const begin: number[] = [];
  const end: number[] = [];
  spatial.forEach((size, i) => {
    const effK = dilations[i] * (kernel[i] - 1) + 1;
    let along: number;
    if (size === null) {
      if (strides[i] !== 1) ctx.unsupported(`'same' padding with stride ${strides[i]} on an axis of unknown size`);
      along = effK - 1;
    } else {
      const out = Math.ceil(size / strides[i]);
      along = Math.max(0, (out - 1) * strides[i] + effK - size);
    }
    begin.push(Math.floor(along / 2));
    end.push(along - Math.floor(along / 2));
  });
  return [...begin, ...end];
}

const TO_NCHW: Record<number, number[]> = { 1: [0, 2, 1], 2: [0, 3, 1, 2] };
const TO_NHWC: Record<number, number[]> = { 1: [0, 2, 1], 2: [0, 2, 3, 1] };

/** Runs `body` on the NCHW view of x and returns to NHWC. */
function channelsFirst(ctx: ConvertContext, x: string, spatial: number, body: (xc: string) => string): string {
  const xc = ctx.g.transpose(x, TO_NCHW[spatial], `${ctx.prefix}/to_nchw`);
  return ctx.g.transpose(body(xc), TO_NHWC[spatial], `${ctx.prefix}/to_nhwc`);
}

function convCommon(ctx: ConvertContext, spatial: number) {
  ctx.requireChannelsLast();
  const kernel = tuple(ctx.cfg('kernelSize'), spatial);
  const strides = tuple(ctx.cfg('strides', 1), spatial);
  const dilations = tuple(ctx.cfg('dilationRate', 1), spatial);
  const padding = ctx.cfg<string>('padding', 'valid');
  const pads = convPads(ctx, padding, ctx.inputShapes[0].slice(1, 1 + spatial), kernel, strides, dilations);
  return { kernel, strides, dilations, pads };
}

function convNode(ctx: ConvertContext, xc: string, w: string, b: string | undefined, c: ReturnType<typeof convCommon>, group: number, name: string): string {
  return ctx.g.op('Conv', b ? [xc, w, b] : [xc, w], name, attr.ints('kernel_shape', c.kernel), attr.ints('strides', c.strides), attr.ints('dilations', c.dilations), attr.ints('pads', c.pads), attr.int('group', group));
}

function biasInit(ctx: ConvertContext): string | undefined {
  if (!ctx.cfg('useBias', true)) return undefined;
  const bias = ctx.weight('bias');
  return ctx.g.float(`${ctx.prefix}/bias`, bias.shape, bias.data);
}

function conv(spatial: 1 | 2): Converter {
  return (ctx, [x]) => {
    const c = convCommon(ctx, spatial);
    const k = ctx.weight('kernel'); // [...k, Cin, F] → [F, Cin, ...k]
    const perm = spatial === 2 ? [3, 2, 0, 1] : [2, 1, 0];
    const w = transposeData(k.data, k.shape, perm);
    const wName = ctx.g.float(`${ctx.prefix}/kernel`, w.shape, w.data);
    const b = biasInit(ctx);
    return [channelsFirst(ctx, x, spatial, (xc) => applyActivation(ctx, convNode(ctx, xc, wName, b, c, 1, `${ctx.prefix}/Conv`), ctx.cfg('activation', 'linear'), 1))];
  };
}

export const conv1d = conv(1);
export const conv2d = conv(2);

/** [kh, kw, Cin, M] → grouped-conv weight [Cin·M, 1, kh, kw]; TF's channel order c·M + m matches ONNX groups. */
function depthwiseWeight(ctx: ConvertContext, suffix: string): { name: string; cin: number } {
  const dk = ctx.weight(suffix);
  const [kh, kw, cin, m] = dk.shape;
  const w = transposeData(dk.data, [kh, kw, 1, cin * m], [3, 2, 0, 1]);
  return { name: ctx.g.float(`${ctx.prefix}/${suffix}`, w.shape, w.data), cin };
}

export const depthwiseConv2d: Converter = (ctx, [x]) => {
  const c = convCommon(ctx, 2);
  const { name, cin } = depthwiseWeight(ctx, 'depthwise_kernel');
  const b = biasInit(ctx);
  return [channelsFirst(ctx, x, 2, (xc) => applyActivation(ctx, convNode(ctx, xc, name, b, c, cin, `${ctx.prefix}/DepthwiseConv`), ctx.cfg('activation', 'linear'), 1))];
};

export const separableConv2d: Converter = (ctx, [x]) => {
  const c = convCommon(ctx, 2);
  const { name, cin } = depthwiseWeight(ctx, 'depthwise_kernel');
  const pk = ctx.weight('pointwise_kernel'); // [1, 1, Cin·M, F] → [F, Cin·M, 1, 1]
  const pw = transposeData(pk.data, pk.shape, [3, 2, 0, 1]);
  const pwName = ctx.g.float(`${ctx.prefix}/pointwise_kernel`, pw.shape, pw.data);
  const b = biasInit(ctx);
  const one = { kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] };
  return [
    channelsFirst(ctx, x, 2, (xc) => {
      const dw = convNode(ctx, xc, name, undefined, c, cin, `${ctx.prefix}/DepthwiseConv`);
      return applyActivation(ctx, convNode(ctx, dw, pwName, b, one, 1, `${ctx.prefix}/PointwiseConv`), ctx.cfg('activation', 'linear'), 1);
    }),
  ];
};

export const conv2dTranspose: Converter = (ctx, [x]) => {
  ctx.requireChannelsLast();
  const kernel = tuple(ctx.cfg('kernelSize'), 2);
  const strides = tuple(ctx.cfg('strides', 1), 2);
  const padding = ctx.cfg<string>('padding', 'valid');
  if (padding !== 'same' && padding !== 'valid') ctx.unsupported(`padding '${padding}'`);
  // tfjs ignores dilationRate for Conv2DTranspose and has no outputPadding.
  const begin: number[] = [];
  const end: number[] = [];
  const outputPadding: number[] = [];
  for (let i = 0; i < 2; i++) {
    const known = ctx.inputShapes[0][1 + i];
    if (known === null) return ctx.unsupported('an input of unknown spatial size');
    const size = known;
    const [k, s] = [kernel[i], strides[i]];
    // tfjs deconvLength: same → in·s, valid → in·s + max(k − s, 0); ONNX gives s·(in − 1) + k before pads.
    const out = padding === 'same' ? size * s : size * s + Math.max(k - s, 0);
    const total = s * (size - 1) + k - out;
    if (total >= 0) {
      begin.push(Math.floor(total / 2));
      end.push(total - Math.floor(total / 2));
      outputPadding.push(0);
    } else {
      begin.push(0);
      end.push(0);
      outputPadding.push(-total);
    }
  }
  const k = ctx.weight('kernel'); // [kh, kw, F, Cin] → [Cin, F, kh, kw]
  const w = transposeData(k.data, k.shape, [3, 2, 0, 1]);
  const wName = ctx.g.float(`${ctx.prefix}/kernel`, w.shape, w.data);
  const b = biasInit(ctx);
  return [
    channelsFirst(ctx, x, 2, (xc) => {
      const y = ctx.g.op('ConvTranspose', b ? [xc, wName, b] : [xc, wName], `${ctx.prefix}/ConvTranspose`, attr.ints('kernel_shape', kernel), attr.ints('strides', strides), attr.ints('pads', [...begin, ...end]), attr.ints('output_padding', outputPadding));
      return applyActivation(ctx, y, ctx.cfg('activation', 'linear'), 1);
    }),
  ];
};

function pool(op: 'MaxPool' | 'AveragePool', spatial: 1 | 2): Converter {
  return (ctx, [x]) => {
    ctx.requireChannelsLast();
    const kernel = tuple(ctx.cfg('poolSize'), spatial);
    const strides = tuple(ctx.cfg('strides', kernel), spatial);
    const pads = convPads(ctx, ctx.cfg('padding', 'valid'), ctx.inputShapes[0].slice(1, 1 + spatial), kernel, strides, new Array<number>(spatial).fill(1));
    const attrs = [attr.ints('kernel_shape', kernel), attr.ints('strides', strides), attr.ints('pads', pads)];
    // tfjs averages only in-bounds pixels: count_include_pad = 0 (the ONNX default, written out).
    if (op === 'AveragePool') attrs.push(attr.int('count_include_pad', 0));
    return [channelsFirst(ctx, x, spatial, (xc) => ctx.g.op(op, [xc], `${ctx.prefix}/${op}`, ...attrs))];
  };
}

export const maxPooling1d = pool('MaxPool', 1);
export const maxPooling2d = pool('MaxPool', 2);
export const averagePooling1d = pool('AveragePool', 1);
export const averagePooling2d = pool('AveragePool', 2);

function globalPool(op: 'ReduceMean' | 'ReduceMax', spatial: 1 | 2): Converter {
  return (ctx, [x]) => {
    ctx.requireChannelsLast();
    if (ctx.cfg('keepDims', false)) ctx.unsupported('keepDims');
    // Directly on NHWC, no transposes. axes is an attribute up to opset 17.
    return [ctx.g.op(op, [x], `${ctx.prefix}/${op}`, attr.ints('axes', spatial === 2 ? [1, 2] : [1]), attr.int('keepdims', 0))];
  };
}

export const globalAveragePooling1d = globalPool('ReduceMean', 1);
export const globalAveragePooling2d = globalPool('ReduceMean', 2);
export const globalMaxPooling1d = globalPool('ReduceMax', 1);
export const globalMaxPooling2d = globalPool('ReduceMax', 2);
