// Merge layers. tfjs has no Subtract layer. Inputs of different ranks (which tfjs expands) are refused.
import { attr } from '../graph';
import type { Converter, ConvertContext } from '../context';

function sameRank(ctx: ConvertContext): void {
  const r = ctx.inputShapes[0].length;
  if (ctx.inputShapes.some((s) => s.length !== r)) ctx.unsupported('inputs of different ranks');
}

function chain(op: 'Add' | 'Mul'): Converter {
  return (ctx, inputs) => {
    sameRank(ctx);
    let y = inputs[0];
    for (let i = 1; i < inputs.length; i++) y = ctx.g.op(op, [y, inputs[i]], `${ctx.prefix}/${op}`);
    return [y];
  };
}

function variadic(op: 'Mean' | 'Max' | 'Min'): Converter {
  return (ctx, inputs) => {
    sameRank(ctx);
    return [ctx.g.op(op, inputs, `${ctx.prefix}/${op}`)];
  };
}

export const add = chain('Add');
export const multiply = chain('Mul');
export const average = variadic('Mean');
export const maximum = variadic('Max');
export const minimum = variadic('Min');

export const concatenate: Converter = (ctx, inputs) => {
  sameRank(ctx);
  return [ctx.g.op('Concat', inputs, `${ctx.prefix}/Concat`, attr.int('axis', ctx.cfg('axis', -1)))];
};

/** Dot of two rank-2 or two rank-3 inputs (tfjs batchDot), optionally L2-normalised first. */
export const dot: Converter = (ctx, [x, y]) => {
  const r = ctx.rank(0);
  if (ctx.inputShapes.length !== 2 || ctx.rank(1) !== r || (r !== 2 && r !== 3)) ctx.unsupported('Dot is exported for two rank-2 or two rank-3 inputs');
  const raw = ctx.cfg<number | number[]>('axes');
  const axes = (Array.isArray(raw) ? raw : [raw, raw]).map((a) => (a < 0 ? a + r : a));
  if (axes.some((a) => a === 0)) ctx.unsupported('a dot product over the batch axis');
  const g = ctx.g;
  const p = ctx.prefix;
  const norm = (v: string, axis: number, name: string) => {
    if (!ctx.cfg('normalize', false)) return v;
    // tfjs l2Normalize: x / √max(Σx², ε) with ε = 1e-7.
    const ss = g.op('ReduceSumSquare', [v], `${name}/sumsq`, attr.ints('axes', [axis]), attr.int('keepdims', 1));
    const n = g.op('Sqrt', [g.op('Max', [ss, g.scalar(`${name}/eps`, 1e-7)], `${name}/max`)], `${name}/norm`);
    return g.op('Div', [v, n], `${name}/l2`);
  };
  const a = norm(x, axes[0], `${p}/x`);
  const b = norm(y, axes[1], `${p}/y`);
  if (r === 2) {
    // [N, d]·[N, d] → [N, 1]
    const prod = g.op('Mul', [a, b], `${p}/Mul`);
    return [g.op('ReduceSum', [prod, g.int64(`${p}/axes`, [1], [1])], `${p}/ReduceSum`, attr.int('keepdims', 1))];
  }
  // [N, T, d]·[N, d, S] → [N, T, S], moving the contracted axes into MatMul position.
  const left = axes[0] === 2 ? a : g.op('Transpose', [a], `${p}/x_t`, attr.ints('perm', [0, 2, 1]));
  const right = axes[1] === 1 ? b : g.op('Transpose', [b], `${p}/y_t`, attr.ints('perm', [0, 2, 1]));
  return [g.op('MatMul', [left, right], `${p}/MatMul`)];
};
