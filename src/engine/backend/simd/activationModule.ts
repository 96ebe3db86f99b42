// The activation probe's passes (diagnostics/probes/activationProbe.ts) as WebAssembly on the memory
// where the activations live: SIMD over four values with a scalar loop for the last n mod 4, except
// the histogram's binning, which is scalar in doubles so every value lands in the bin the JS loop picks.
//   summary(a, n, out)                out: 4 lanes each of Σv, Σv², max|v|, zeros (i32), min, max; then the tail's six
//   outside(a, n, out)                reads low, high at out; writes 4 lane counts of v < low or v > high (i32), then the tail's
//   columnMax(a, rows, units, max)    max[u] = max(max[u], a[r·units + u]) over every row r
//   binCounts(a, n, counts, params)   params: f64 min, f64 scale, i32 last bin; counts[min(⌊(v − min)·scale⌋, last)]++
// Float32 partial sums: the caller keeps calls short and adds them in doubles. Values must be finite
// (the caller checks the summary's sums first); a NaN would make min/max and the column maxima NaN.
import { assembleModule, columnFoldFunction, FunctionBody, loopOverBytes } from './wasmAssembler';

/** Bytes `summary` writes at `out`: six 16-byte lane vectors, then six 4-byte tail values. */
export const SUMMARY_OUT_BYTES = 6 * 16 + 6 * 4;
/** Bytes `outside` writes at `out` (lane counts, then the tail's). */
export const OUTSIDE_OUT_BYTES = 16 + 4;

const SUMMARY = ['sum', 'squares', 'maxAbs', 'zeros', 'min', 'max'] as const;

function summaryFunction(): FunctionBody {
  const f = new FunctionBody(['a', 'n', 'out']);
  f.local('i', 'i32');
  f.local('bytes', 'i32');
  f.get('n').i32(4).mul().set('bytes');
  for (const name of SUMMARY) {
    f.local(`${name}4`, 'v128');
    f.local(`${name}1`, name === 'zeros' ? 'i32' : 'f32');
  }
  f.local('x4', 'v128');
  f.local('x1', 'f32');
  for (const [name, start] of [['sum', 0], ['squares', 0], ['maxAbs', 0], ['min', Infinity], ['max', -Infinity]] as const) {
    f.f32Const(start).f32x4Splat().set(`${name}4`);
    f.f32Const(start).set(`${name}1`);
  }
  f.v128Zero().set('zeros4');
  loopOverBytes(f, 16, () => {
    f.get('a').get('i').add().v128Load().set('x4');
    f.get('sum4').get('x4').f32x4Add().set('sum4');
    f.get('x4').get('x4').f32x4Mul().get('squares4').f32x4Add().set('squares4');
    f.get('x4').f32x4Abs().get('maxAbs4').f32x4Max().set('maxAbs4');
    // An equal lane is all ones, −1 as an i32: subtracting it counts one.
    f.get('zeros4').get('x4').v128Zero().f32x4Eq().i32x4Sub().set('zeros4');
    f.get('x4').get('min4').f32x4Min().set('min4');
    f.get('x4').get('max4').f32x4Max().set('max4');
  });
  loopOverBytes(f, 4, () => {
    f.get('a').get('i').add().f32Load().set('x1');
    f.get('sum1').get('x1').f32Add().set('sum1');
    f.get('x1').get('x1').f32Mul().get('squares1').f32Add().set('squares1');
    f.get('x1').f32Abs().get('maxAbs1').f32Max().set('maxAbs1');
    f.get('zeros1').get('x1').f32Const0().f32Eq().add().set('zeros1');
    f.get('x1').get('min1').f32Min().set('min1');
    f.get('x1').get('max1').f32Max().set('max1');
  });
  SUMMARY.forEach((name, k) => f.get('out').get(`${name}4`).v128Store(16 * k));
  SUMMARY.forEach((name, k) => {
    f.get('out').get(`${name}1`);
    if (name === 'zeros') f.i32Store(96 + 4 * k);
    else f.f32Store(96 + 4 * k);
  });
  return f;
}

function outsideFunction(): FunctionBody {
  const f = new FunctionBody(['a', 'n', 'out']);
  f.local('i', 'i32');
  f.local('bytes', 'i32');
  f.get('n').i32(4).mul().set('bytes');
  for (const suffix of ['4', '1']) {
    f.local(`low${suffix}`, suffix === '4' ? 'v128' : 'f32');
    f.local(`high${suffix}`, suffix === '4' ? 'v128' : 'f32');
    f.local(`x${suffix}`, suffix === '4' ? 'v128' : 'f32');
  }
  f.local('count4', 'v128');
  f.local('count1', 'i32');
  f.get('out').v128Load32Splat(0).set('low4');
  f.get('out').v128Load32Splat(4).set('high4');
  f.get('out').f32Load(0).set('low1');
  f.get('out').f32Load(4).set('high1');
  f.v128Zero().set('count4');
  loopOverBytes(f, 16, () => {
    f.get('a').get('i').add().v128Load().set('x4');
    f.get('count4').get('x4').get('low4').f32x4Lt().i32x4Sub().set('count4');
    f.get('count4').get('x4').get('high4').f32x4Gt().i32x4Sub().set('count4');
  });
  loopOverBytes(f, 4, () => {
    f.get('a').get('i').add().f32Load().set('x1');
    f.get('count1').get('x1').get('low1').f32Lt().add().set('count1');
    f.get('count1').get('x1').get('high1').f32Gt().add().set('count1');
  });
  f.get('out').get('count4').v128Store(0);
  f.get('out').get('count1').i32Store(16);
  return f;
}

function binCountsFunction(): FunctionBody {
  const f = new FunctionBody(['a', 'n', 'counts', 'params']);
  f.local('i', 'i32');
  f.local('bytes', 'i32');
  f.local('bin', 'i32');
  f.local('last', 'i32');
  f.local('at', 'i32');
  f.local('min', 'f64');
  f.local('scale', 'f64');
  f.get('n').i32(4).mul().set('bytes');
  f.get('params').f64Load(0).set('min');
  f.get('params').f64Load(8).set('scale');
  f.get('params').i32Load(16).set('last');
  loopOverBytes(f, 4, () => {
    // Values ≥ min, so truncation is the floor the JS loop takes.
    f.get('a').get('i').add().f32Load().f64PromoteF32().get('min').f64Sub().get('scale').f64Mul().i32TruncF64S().set('bin');
    f.get('bin').get('last').get('bin').get('last').ltS().select().i32(4).mul().get('counts').add().set('at');
    f.get('at').get('at').i32Load().i32(1).add().i32Store();
  });
  return f;
}

export function activationModuleBytes(options: { sharedMemory: boolean }): Uint8Array {
  return assembleModule({ shared: options.sharedMemory }, [
    { name: 'summary', body: summaryFunction() },
    { name: 'outside', body: outsideFunction() },
    { name: 'columnMax', body: columnFoldFunction((f) => f.f32x4Max(), (f) => f.f32Max()) },
    { name: 'binCounts', body: binCountsFunction() },
  ]);
}
