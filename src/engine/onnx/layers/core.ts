// Dense, activations (the `activation` option and the advanced-activation layers) and the layers that
// are the identity at inference (dropouts, noise).
import { attr } from '../graph';
import type { Converter, ConvertContext } from '../context';

/**
 * Applies a tfjs activation by name (tfjs-layers/src/activations.ts). `channelAxis` is where softmax
 * normalises: -1 on tfjs' own layout, 1 when the value is currently NCHW inside a conv wrapper.
 */
export function applyActivation(ctx: ConvertContext, x: string, activation: string, channelAxis = -1): string {
  const g = ctx.g;
  const n = `${ctx.prefix}/${activation}`;
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return g.op('Relu', [x], n);
    case 'relu6':
      return g.op('Clip', [x, g.scalar(`${n}/min`, 0), g.scalar(`${n}/max`, 6)], n);
    case 'elu':
      return g.op('Elu', [x], n, attr.float('alpha', 1));
    case 'selu':
      // tfjs-core selu constants; written out rather than trusting ONNX defaults.
      return g.op('Selu', [x], n, attr.float('alpha', 1.6732632423543772), attr.float('gamma', 1.0507009873554805));
    case 'sigmoid':
      return g.op('Sigmoid', [x], n);
    case 'hardSigmoid':
      // tfjs: clip(0.2x + 0.5, 0, 1) (Keras 3 changed its own to x/6 + 0.5; tfjs did not).
      return g.op('HardSigmoid', [x], n, attr.float('alpha', 0.2), attr.float('beta', 0.5));
    case 'tanh':
      return g.op('Tanh', [x], n);
    case 'softplus':
      return g.op('Softplus', [x], n);
    case 'softsign':
      return g.op('Softsign', [x], n);
    case 'softmax':
      return g.op('Softmax', [x], n, attr.int('axis', channelAxis));
    case 'logSoftmax':
      return g.op('LogSoftmax', [x], n, attr.int('axis', channelAxis));
    case 'swish':
      // x·sigmoid(x); ONNX HardSwish is a different function.
      return g.op('Mul', [g.op('Sigmoid', [x], `${n}/sigmoid`), x], n);
    case 'mish':
      // x·tanh(softplus(x)); the Mish op only exists from opset 18.
      return g.op('Mul', [x, g.op('Tanh', [g.op('Softplus', [x], `${n}/softplus`)], `${n}/tanh`)], n);
    case 'gelu': {
      // tfjs gelu is exact: x·0.5·(1 + erf(x/√2)); the Gelu op only exists from opset 20.
      const erf = g.op('Erf', [g.op('Div', [x, g.scalar(`${n}/sqrt2`, Math.SQRT2)], `${n}/div`)], `${n}/erf`);
      const cdf = g.op('Mul', [g.op('Add', [erf, g.scalar(`${n}/one`, 1)], `${n}/add`), g.scalar(`${n}/half`, 0.5)], `${n}/cdf`);
      return g.op('Mul', [x, cdf], n);
    }
    case 'gelu_new': {
      // tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
      const x3 = g.op('Mul', [x, g.op('Mul', [x, x], `${n}/x2`)], `${n}/x3`);
      const inner = g.op('Add', [x, g.op('Mul', [x3, g.scalar(`${n}/c`, 0.044715)], `${n}/cx3`)], `${n}/inner`);
      const t = g.op('Tanh', [g.op('Mul', [inner, g.scalar(`${n}/k`, Math.sqrt(2 / Math.PI))], `${n}/scaled`)], `${n}/tanh`);
      const onePlus = g.op('Add', [t, g.scalar(`${n}/one`, 1)], `${n}/add`);
      return g.op('Mul', [g.op('Mul', [x, onePlus], `${n}/mul`), g.scalar(`${n}/half`, 0.5)], n);
    }
    default:
      return ctx.unsupported(`activation '${activation}' has no ONNX mapping`);
  }
}

export const dense: Converter = (ctx, [x]) => {
  const kernel = ctx.weight('kernel');
  let y = ctx.g.op('MatMul', [x, ctx.g.float(`${ctx.prefix}/kernel`, kernel.shape, kernel.data)], `${ctx.prefix}/MatMul`);
  if (ctx.cfg('useBias', true)) {
    const bias = ctx.weight('bias');
    y = ctx.g.op('Add', [y, ctx.g.float(`${ctx.prefix}/bias`, bias.shape, bias.data)], `${ctx.prefix}/BiasAdd`);
  }
  return [applyActivation(ctx, y, ctx.cfg('activation', 'linear'))];
};

export const activation: Converter = (ctx, [x]) => [applyActivation(ctx, x, ctx.cfg('activation', 'linear'))];

/** Training-only layers: their inference output is their input. */
export const identity: Converter = (_ctx, [x]) => [x];

export const reluLayer: Converter = (ctx, [x]) => {
  const max = ctx.cfg<number | null>('maxValue', null);
  const y = ctx.g.op('Relu', [x], `${ctx.prefix}/Relu`);
  if (max === null) return [y];
  return [ctx.g.op('Clip', [y, ctx.g.scalar(`${ctx.prefix}/min`, 0), ctx.g.scalar(`${ctx.prefix}/max`, max)], `${ctx.prefix}/Clip`)];
};

// tfjs' LeakyReLU alpha defaults to 0.3, ONNX's to 0.01: always written out.
export const leakyRelu: Converter = (ctx, [x]) => [ctx.g.op('LeakyRelu', [x], `${ctx.prefix}/LeakyRelu`, attr.float('alpha', ctx.cfg('alpha', 0.3)))];

export const prelu: Converter = (ctx, [x]) => {
  // alpha has the input's shape without the batch (shared axes = 1): broadcasts unidirectionally on NHWC.
  const alpha = ctx.weight('alpha');
  return [ctx.g.op('PRelu', [x, ctx.g.float(`${ctx.prefix}/alpha`, alpha.shape, alpha.data)], `${ctx.prefix}/PRelu`)];
};

export const eluLayer: Converter = (ctx, [x]) => [ctx.g.op('Elu', [x], `${ctx.prefix}/Elu`, attr.float('alpha', ctx.cfg('alpha', 1)))];

export const thresholdedRelu: Converter = (ctx, [x]) => [ctx.g.op('ThresholdedRelu', [x], `${ctx.prefix}/ThresholdedRelu`, attr.float('alpha', ctx.cfg('theta', 1)))];

export const softmaxLayer: Converter = (ctx, [x]) => {
  const axis = ctx.cfg<number | number[]>('axis', -1);
  if (Array.isArray(axis) && axis.length !== 1) ctx.unsupported(`softmax over several axes [${axis}]`);
  const a = Array.isArray(axis) ? axis[0] : axis;
  return [ctx.g.op('Softmax', [x], `${ctx.prefix}/Softmax`, attr.int('axis', a))];
};
