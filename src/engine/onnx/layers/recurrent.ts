// SimpleRNN, LSTM, GRU and Bidirectional → ONNX RNN/LSTM/GRU.
// Keras/tfjs and ONNX differ in: gate order (LSTM i,f,c,o → ONNX i,o,f,c; GRU z,r,h both), weight
// layout (tfjs [in, G·H], ONNX [dirs, G·H, in]), bias (tfjs one bias, ONNX [Wb, Rb]), the default
// recurrent activation (tfjs hardSigmoid, not sigmoid), time layout (ONNX time-major) and goBackwards.
import type * as tf from '@tensorflow/tfjs';
import { attr } from '../graph';
import type { Converter, ConvertContext } from '../context';
import { INT64_MIN, reorderLastAxisBlocks, transposeData } from '../tensors';
import { bidirectionalLayers } from '../../backend/tfjsInternals';

type Kind = 'SimpleRNN' | 'LSTM' | 'GRU';
const ONNX_OP: Record<Kind, string> = { SimpleRNN: 'RNN', LSTM: 'LSTM', GRU: 'GRU' };
const GATES: Record<Kind, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };
const ACTIVATIONS: Record<string, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', hardSigmoid: 'HardSigmoid', relu: 'Relu' };

interface RnnSpec {
  kind: Kind;
  units: number;
  activations: string[];
  w: Float32Array; // [G·H, I]
  r: Float32Array; // [G·H, H]
  b: Float32Array; // [2·G·H]
  inputDim: number;
}

function onnxActivation(ctx: ConvertContext, name: string): string {
  const a = ACTIVATIONS[name];
  if (!a) ctx.unsupported(`recurrent activation '${name}' (exported: ${Object.keys(ACTIVATIONS).join(', ')})`);
  return a;
}

function checkOptions(ctx: ConvertContext, config: Record<string, unknown>): void {
  if (config.stateful) ctx.unsupported('stateful RNNs carry state between calls, which an ONNX graph cannot');
  if (config.resetAfter) ctx.unsupported('resetAfter GRU');
  if (ctx.inputShapes.length > 1) ctx.unsupported('an initial state given as extra inputs');
}

function rnnSpec(ctx: ConvertContext, layer: tf.layers.Layer, kind: Kind): RnnSpec {
  const config = layer.getConfig() as Record<string, unknown>;
  checkOptions(ctx, config);
  const units = config.units as number;
  const g = GATES[kind];
  const act = onnxActivation(ctx, (config.activation as string) ?? 'tanh');
  const recAct = kind === 'SimpleRNN' ? '' : onnxActivation(ctx, (config.recurrentActivation as string) ?? 'hardSigmoid');
  const activations = kind === 'LSTM' ? [recAct, act, act] : kind === 'GRU' ? [recAct, act] : [act];
  const kernel = ctx.weight('kernel', layer);
  const recurrent = ctx.weight('recurrent_kernel', layer);
  const bias = config.useBias === false ? new Float32Array(g * units) : ctx.weight('bias', layer).data;
  const reorder = (data: Float32Array, shape: number[]) => (kind === 'LSTM' ? reorderLastAxisBlocks(data, shape, 4, [0, 3, 1, 2]) : data);
  const w = transposeData(reorder(kernel.data, kernel.shape), kernel.shape, [1, 0]).data;
  const r = transposeData(reorder(recurrent.data, recurrent.shape), recurrent.shape, [1, 0]).data;
  // ONNX adds Wb and Rb; tfjs has one bias (and GRU resets before the recurrent matmul, so Rb = 0 is exact).
  const b = new Float32Array(2 * g * units);
  b.set(reorder(bias, [g * units]));
  return { kind, units, activations, w, r, b, inputDim: kernel.shape[0] };
}

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

/** Emits the ONNX recurrent node on time-major X; returns its outputs [Y, Y_h, (Y_c)]. */
function emitRnn(ctx: ConvertContext, xt: string, specs: RnnSpec[], direction: 'forward' | 'bidirectional'): string[] {
  const g = ctx.g;
  const s = specs[0];
  const gh = GATES[s.kind] * s.units;
  const dirs = specs.length;
  const p = ctx.prefix;
  const inputs = [
    xt,
    g.float(`${p}/W`, [dirs, gh, s.inputDim], concat(specs.map((x) => x.w))),
    g.float(`${p}/R`, [dirs, gh, s.units], concat(specs.map((x) => x.r))),
    g.float(`${p}/B`, [dirs, 2 * gh], concat(specs.map((x) => x.b))),
  ];
  const attrs = [attr.int('hidden_size', s.units), attr.string('direction', direction), attr.strings('activations', specs.flatMap((x) => x.activations))];
  if (s.kind === 'GRU') attrs.push(attr.int('linear_before_reset', 0)); // tfjs GRU has no resetAfter
  return g.node(ONNX_OP[s.kind], inputs, attrs, `${p}/${ONNX_OP[s.kind]}`, s.kind === 'LSTM' ? 3 : 2);
}

function timeMajor(ctx: ConvertContext, x: string, goBackwards: boolean): string {
  const g = ctx.g;
  let xt = g.transpose(x, [1, 0, 2], `${ctx.prefix}/time_major`);
  if (goBackwards) {
    // Reversing the input and running forward leaves Y in tfjs' processing order (ONNX 'reverse' would
    // align Y to input time instead).
    xt = g.op('Slice', [xt, g.int64(`${ctx.prefix}/rev_starts`, [1], [-1]), g.int64(`${ctx.prefix}/rev_ends`, [1], [INT64_MIN]), g.int64(`${ctx.prefix}/rev_axes`, [1], [0]), g.int64(`${ctx.prefix}/rev_steps`, [1], [-1])], `${ctx.prefix}/reverse`);
  }
  return xt;
}

function squeeze(ctx: ConvertContext, x: string, axis: number, name: string): string {
  return ctx.g.op('Squeeze', [x, ctx.g.int64(`${name}/axes`, [1], [axis])], name);
}

function recurrent(kind: Kind): Converter {
  return (ctx, [x]) => {
    const spec = rnnSpec(ctx, ctx.layer, kind);
    const outs = emitRnn(ctx, timeMajor(ctx, x, ctx.cfg('goBackwards', false)), [spec], 'forward');
    const g = ctx.g;
    const p = ctx.prefix;
    const y = ctx.cfg('returnSequences', false)
      ? g.transpose(squeeze(ctx, outs[0], 1, `${p}/Y`), [1, 0, 2], `${p}/batch_major`)
      : squeeze(ctx, outs[1], 0, `${p}/Y_h`);
    if (!ctx.cfg('returnState', false)) return [y];
    // tfjs returns [output, h] (LSTM: [output, h, c]).
    const states = [squeeze(ctx, outs[1], 0, `${p}/state_h`)];
    if (kind === 'LSTM') states.push(squeeze(ctx, outs[2], 0, `${p}/state_c`));
    return [y, ...states];
  };
}

export const simpleRnn = recurrent('SimpleRNN');
export const lstm = recurrent('LSTM');
export const gru = recurrent('GRU');

export const bidirectional: Converter = (ctx, [x]) => {
  const wrapper = bidirectionalLayers(ctx.layer);
  const fw = wrapper.forwardLayer;
  const bw = wrapper.backwardLayer;
  const kind = fw.getClassName() as Kind;
  if (!(kind in GATES)) ctx.unsupported(`a wrapped ${kind} layer (exported: SimpleRNN, LSTM, GRU)`);
  const fwConfig = fw.getConfig() as Record<string, unknown>;
  if (fwConfig.goBackwards) ctx.unsupported('a wrapped layer with goBackwards');
  if (fwConfig.returnState) ctx.unsupported('returnState');
  const outs = emitRnn(ctx, timeMajor(ctx, x, false), [rnnSpec(ctx, fw, kind), rnnSpec(ctx, bw, kind)], 'bidirectional');
  const g = ctx.g;
  const p = ctx.prefix;
  const seq = fwConfig.returnSequences === true;
  // ONNX's backward output is aligned to input time, as tfjs' (which reverses it back).
  const pick = (dir: number): string => {
    const idx = g.int64(`${p}/dir${dir}`, [], [dir]);
    if (!seq) return g.op('Gather', [outs[1], idx], `${p}/Y_h_${dir}`, attr.int('axis', 0));
    return g.transpose(g.op('Gather', [outs[0], idx], `${p}/Y_${dir}`, attr.int('axis', 1)), [1, 0, 2], `${p}/batch_major_${dir}`);
  };
  const [f, b] = [pick(0), pick(1)];
  // null is a real value here (two outputs), so not read through cfg(), which treats null as unset.
  const mode = ctx.config.mergeMode === undefined ? 'concat' : (ctx.config.mergeMode as string | null);
  switch (mode) {
    case 'concat':
      return [g.op('Concat', [f, b], `${p}/concat`, attr.int('axis', -1))];
    case 'sum':
      return [g.op('Add', [f, b], `${p}/sum`)];
    case 'mul':
      return [g.op('Mul', [f, b], `${p}/mul`)];
    case 'ave':
      return [g.op('Mul', [g.op('Add', [f, b], `${p}/sum`), g.scalar(`${p}/half`, 0.5)], `${p}/ave`)];
    case null:
      return [f, b];
    default:
      return ctx.unsupported(`mergeMode '${String(mode)}'`);
  }
};
