// Adam's update of one variable as one WebAssembly SIMD pass (four values per instruction, a scalar loop
// for the last n mod 4), on the memory where the tensors live:
//   adam(consts, w, m, v, g, w2, m2, v2, n)
//     m2 = β1·m + (1−β1)·g;  v2 = β2·v + (1−β2)·g²;  w2 = w − step·m2 / (√(v2·invCorrection2) + ε)
// consts: 7 floats β1, 1−β1, β2, 1−β2, step, invCorrection2, ε (the kernel has i32 parameters only).
//   adamSums(consts, w, m, v, g, w2, m2, v2, n, out)
//     the same update, and the step statistics of the values it passes (stepStats.ts), so a step with
//     probes on needs no copy of the weights and no passes of its own: at out, 4 lane values each of
//     Σg², max|g|, Σw2², Σ(w2 − w)², then the tail's four. Float32 partial sums: the caller keeps calls short.
import { assembleModule, FunctionBody, loopOverBytes, type ValueType } from './wasmAssembler';

export const ADAM_CONSTANTS = ['beta1', 'keep1', 'beta2', 'keep2', 'step', 'invCorrection2', 'epsilon'] as const;

/** The statistics adamSums accumulates, in their order at `out`. */
const SUMS = ['gradSquares', 'gradMaxAbs', 'weightSquares', 'updateSquares'] as const;
/** Bytes adamSums writes at `out`. */
export const ADAM_SUMS_OUT_BYTES = SUMS.length * (16 + 4);

function emitUpdate(f: FunctionBody, vector: boolean, withSums: boolean): void {
  const type: ValueType = vector ? 'v128' : 'f32';
  const suffix = vector ? '4' : '1';
  const c = (name: (typeof ADAM_CONSTANTS)[number]) => `${name}${suffix}`;
  const load = (ptr: string) => (f.get(ptr).get('i').add(), vector ? f.v128Load() : f.f32Load());
  const store = () => (vector ? f.v128Store() : f.f32Store());
  const mul = () => (vector ? f.f32x4Mul() : f.f32Mul());
  const add = () => (vector ? f.f32x4Add() : f.f32Add());
  const sub = () => (vector ? f.f32x4Sub() : f.f32Sub());
  const div = () => (vector ? f.f32x4Div() : f.f32Div());
  const sqrt = () => (vector ? f.f32x4Sqrt() : f.f32Sqrt());
  const gk = f.local(`g${suffix}`, type);
  const mk = f.local(`m${suffix}`, type);
  const vk = f.local(`v${suffix}`, type);
  const wk = f.local(`w${suffix}`, type);
  const w2k = f.local(`w2${suffix}`, type);
  load('g');
  f.set(gk);
  // m2 ← β1·m + (1−β1)·g
  f.get('m2').get('i').add();
  f.get(c('beta1'));
  load('m');
  mul();
  f.get(c('keep1')).get(gk);
  mul();
  add();
  f.tee(mk);
  store();
  // v2 ← β2·v + (1−β2)·g·g
  f.get('v2').get('i').add();
  f.get(c('beta2'));
  load('v');
  mul();
  f.get(c('keep2')).get(gk);
  mul();
  f.get(gk);
  mul();
  add();
  f.tee(vk);
  store();
  // w2 ← w − step·m2 / (√(v2·invCorrection2) + ε)
  f.get('w2').get('i').add();
  load('w');
  f.tee(wk);
  f.get(c('step')).get(mk);
  mul();
  f.get(vk).get(c('invCorrection2'));
  mul();
  sqrt();
  f.get(c('epsilon'));
  add();
  div();
  sub();
  f.tee(w2k);
  store();
  if (!withSums) return;
  const acc = (name: (typeof SUMS)[number]) => `${name}${suffix}`;
  const max = () => (vector ? f.f32x4Max() : f.f32Max());
  const abs = () => (vector ? f.f32x4Abs() : f.f32Abs());
  f.get(gk).get(gk);
  mul();
  f.get(acc('gradSquares'));
  add();
  f.set(acc('gradSquares'));
  f.get(gk);
  abs();
  f.get(acc('gradMaxAbs'));
  max();
  f.set(acc('gradMaxAbs'));
  f.get(w2k).get(w2k);
  mul();
  f.get(acc('weightSquares'));
  add();
  f.set(acc('weightSquares'));
  f.get(w2k).get(wk);
  sub();
  f.tee(wk);
  f.get(wk);
  mul();
  f.get(acc('updateSquares'));
  add();
  f.set(acc('updateSquares'));
}

function adamFunction(withSums: boolean): FunctionBody {
  const f = new FunctionBody(['consts', 'w', 'm', 'v', 'g', 'w2', 'm2', 'v2', 'n', ...(withSums ? ['out'] : [])]);
  f.local('i', 'i32');
  f.local('bytes', 'i32');
  ADAM_CONSTANTS.forEach((name, k) => {
    f.get('consts').v128Load32Splat(4 * k).set(f.local(`${name}4`, 'v128'));
    f.get('consts').f32Load(4 * k).set(f.local(`${name}1`, 'f32'));
  });
  if (withSums) {
    for (const name of SUMS) {
      f.v128Zero().set(f.local(`${name}4`, 'v128'));
      f.f32Const0().set(f.local(`${name}1`, 'f32'));
    }
  }
  f.get('n').i32(4).mul().set('bytes');
  // Four values at a time while four are left, then one at a time.
  loopOverBytes(f, 16, () => emitUpdate(f, true, withSums));
  loopOverBytes(f, 4, () => emitUpdate(f, false, withSums));
  if (withSums) {
    SUMS.forEach((name, k) => f.get('out').get(`${name}4`).v128Store(16 * k));
    SUMS.forEach((name, k) => f.get('out').get(`${name}1`).f32Store(16 * SUMS.length + 4 * k));
  }
  return f;
}

export function adamModuleBytes(options: { sharedMemory: boolean }): Uint8Array {
  return assembleModule({ shared: options.sharedMemory }, [
    { name: 'adam', body: adamFunction(false) },
    { name: 'adamSums', body: adamFunction(true) },
  ]);
}
