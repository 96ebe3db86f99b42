// The per-step statistics' reductions (stepStats.ts) as WebAssembly SIMD passes on the memory where the
// tensors live, four values per instruction with a scalar loop for the last n mod 4:
//   gradSums(g, n, out)              out: 4 lane sums of g², 4 lane maxima of |g|, then the tail's sum and max
//   updateSums(after, before, n, out) out: 4 lane sums of w², 4 of (w − w_before)², then the tail's two sums
// Partial sums stay in float32 within one call; the caller keeps calls short and adds them in doubles.
// A NaN anywhere makes the sums (and, through f32x4.max, the maxima) NaN, as tfjs' kernels would.
import { assembleModule, FunctionBody, loopOverBytes } from './wasmAssembler';

/** Floats each function writes at `out`. */
export const STATS_OUT_FLOATS = 10;

function storeResults(f: FunctionBody, first: string, second: string): void {
  f.get('out').get(`${first}4`).v128Store(0);
  f.get('out').get(`${second}4`).v128Store(16);
  f.get('out').get(`${first}1`).f32Store(32);
  f.get('out').get(`${second}1`).f32Store(36);
}

function declareAccumulators(f: FunctionBody, names: string[]): void {
  f.local('i', 'i32');
  f.local('bytes', 'i32');
  for (const name of names) {
    f.v128Zero().set(f.local(`${name}4`, 'v128'));
    f.f32Const0().set(f.local(`${name}1`, 'f32'));
  }
  f.get('n').i32(4).mul().set('bytes');
}

function gradSumsFunction(): FunctionBody {
  const f = new FunctionBody(['g', 'n', 'out']);
  declareAccumulators(f, ['s', 'm']);
  f.local('x4', 'v128');
  f.local('x1', 'f32');
  loopOverBytes(f, 16, () => {
    f.get('g').get('i').add().v128Load().set('x4');
    f.get('x4').get('x4').f32x4Mul().get('s4').f32x4Add().set('s4');
    f.get('x4').f32x4Abs().get('m4').f32x4Max().set('m4');
  });
  loopOverBytes(f, 4, () => {
    f.get('g').get('i').add().f32Load().set('x1');
    f.get('x1').get('x1').f32Mul().get('s1').f32Add().set('s1');
    f.get('x1').f32Abs().get('m1').f32Max().set('m1');
  });
  storeResults(f, 's', 'm');
  return f;
}

function updateSumsFunction(): FunctionBody {
  const f = new FunctionBody(['after', 'before', 'n', 'out']);
  declareAccumulators(f, ['w', 'u']);
  for (const [suffix, type] of [['4', 'v128'], ['1', 'f32']] as const) {
    f.local(`a${suffix}`, type);
    f.local(`d${suffix}`, type);
  }
  loopOverBytes(f, 16, () => {
    f.get('after').get('i').add().v128Load().set('a4');
    f.get('a4').get('before').get('i').add().v128Load().f32x4Sub().set('d4');
    f.get('a4').get('a4').f32x4Mul().get('w4').f32x4Add().set('w4');
    f.get('d4').get('d4').f32x4Mul().get('u4').f32x4Add().set('u4');
  });
  loopOverBytes(f, 4, () => {
    f.get('after').get('i').add().f32Load().set('a1');
    f.get('a1').get('before').get('i').add().f32Load().f32Sub().set('d1');
    f.get('a1').get('a1').f32Mul().get('w1').f32Add().set('w1');
    f.get('d1').get('d1').f32Mul().get('u1').f32Add().set('u1');
  });
  storeResults(f, 'w', 'u');
  return f;
}

export function statsModuleBytes(options: { sharedMemory: boolean }): Uint8Array {
  return assembleModule({ shared: options.sharedMemory }, [
    { name: 'gradSums', body: gradSumsFunction() },
    { name: 'updateSums', body: updateSumsFunction() },
  ]);
}
