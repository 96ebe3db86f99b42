// The matrix-product kernel, emitted as WebAssembly: a register-blocked micro-kernel in the style of
// BLIS/XNNPACK (ROWS rows × 8 columns of C kept in 2·ROWS SIMD registers while k runs), with a fused
// multiply-add where the engine has relaxed SIMD. tfjs-backend-wasm's XNNPACK build uses separate
// multiply and add (it predates relaxed SIMD), which is half the arithmetic rate on a CPU with FMA.
//
// Exports:
//   panel(a, aRow, aK, bp, c, cRow, k, rows, bias, flags)
//     C[r, 0..8) (=|+=) Σ_k A[r, k]·P[k, 0..8) for r < rows, where A[r, k] is the f32 at a + r·aRow + k·aK
//     (bytes; any strides, so Aᵀ costs nothing), P the packed panel at bp (8 floats per k) and C[r, j] at
//     c + r·cRow + 4j. flags: 1 = add to C, 2 = start from the 8 floats at bias, 4 = ReLU on store.
//   pack(b, bK, bN, out, k, width)
//     P[k, j] = B at b + k·bK + j·bN for j < width, 0 for width ≤ j < 8 (so Bᵀ is a stride too).
import { assembleModule, FunctionBody } from './wasmAssembler';

export const PANEL_WIDTH = 8;
export const FLAG_ACCUMULATE = 1;
export const FLAG_BIAS = 2;
export const FLAG_RELU = 4;

/** Rows of C per micro-kernel call: 2·ROWS accumulators + 3 operands fit x64's 16 SIMD registers. */
const ROWS = 4;

/** acc ← va·vb + acc, with one instruction where relaxed SIMD is on. Expects va, vb on the stack. */
function multiplyAdd(f: FunctionBody, acc: string, fma: boolean): void {
  if (fma) {
    f.get(acc).f32x4RelaxedMadd().set(acc);
  } else {
    f.f32x4Mul().get(acc).f32x4Add().set(acc);
  }
}

/** Emits the loop over blocks of `rows` rows (while at least `rows` are left). */
function emitRowBlocks(f: FunctionBody, rows: number, fma: boolean): void {
  const acc = (i: number, half: number) => f.local(`acc${i}_${half}`, 'v128');
  const aPtr = (i: number) => f.local(`a${i}`, 'i32');
  f.local('vb0', 'v128');
  f.local('vb1', 'v128');
  f.local('bptr', 'i32');
  f.local('kk', 'i32');
  f.local('cp', 'i32');
  f.local('row', 'i32');

  f.block().loop();
  // while (row + ROWS ≤ rows)
  f.get('rows').get('row').i32(rows).add().geS().eqz().brIf(1);
  // Row pointers and the C pointer for this block.
  f.get('row').get('aRow').mul().get('a').add().set(aPtr(0));
  for (let i = 1; i < rows; i++) f.get(aPtr(i - 1)).get('aRow').add().set(aPtr(i));
  f.get('row').get('cRow').mul().get('c').add().set('cp');
  // Initial accumulators: from C, from the bias, or zero.
  f.get('flags').i32(1).and().if();
  for (let i = 0; i < rows; i++) {
    for (let h = 0; h < 2; h++) f.get('cp').i32(i).get('cRow').mul().add().v128Load(16 * h).set(acc(i, h));
  }
  f.else();
  f.get('flags').i32(2).and().if();
  for (let h = 0; h < 2; h++) f.get('bias').v128Load(16 * h).set(acc(0, h));
  f.else();
  for (let h = 0; h < 2; h++) f.v128Zero().set(acc(0, h));
  f.end();
  for (let i = 1; i < rows; i++) for (let h = 0; h < 2; h++) f.get(acc(0, h)).set(acc(i, h));
  f.end();
  // for (kk = k, bptr = bp; kk > 0; kk--). (Unrolling two steps of k measured 3× slower: V8 then
  // spills accumulators.)
  f.get('k').set('kk').get('bp').set('bptr');
  f.block().loop();
  f.get('kk').eqz().brIf(1);
  f.get('bptr').v128Load(0).set('vb0');
  f.get('bptr').v128Load(16).set('vb1');
  for (let i = 0; i < rows; i++) {
    f.get(aPtr(i)).v128Load32Splat().tee('va');
    f.get('vb0');
    multiplyAdd(f, acc(i, 0), fma);
    f.get('va').get('vb1');
    multiplyAdd(f, acc(i, 1), fma);
    f.get(aPtr(i)).get('aK').add().set(aPtr(i));
  }
  f.get('bptr').i32(32).add().set('bptr');
  f.get('kk').i32(1).sub().set('kk');
  f.br(0);
  f.end().end();
  // Store, with ReLU when asked.
  f.get('flags').i32(4).and().if();
  for (let i = 0; i < rows; i++) for (let h = 0; h < 2; h++) f.get(acc(i, h)).v128Zero().f32x4Max().set(acc(i, h));
  f.end();
  for (let i = 0; i < rows; i++) {
    for (let h = 0; h < 2; h++) {
      f.get('cp').i32(i).get('cRow').mul().add().get(acc(i, h)).v128Store(16 * h);
    }
  }
  f.get('row').i32(rows).add().set('row');
  f.br(0);
  f.end().end();
}

function panelFunction(fma: boolean): FunctionBody {
  const f = new FunctionBody(['a', 'aRow', 'aK', 'bp', 'c', 'cRow', 'k', 'rows', 'bias', 'flags']);
  f.local('va', 'v128');
  f.i32(0).set(f.local('row', 'i32'));
  emitRowBlocks(f, ROWS, fma);
  emitRowBlocks(f, 1, fma);
  return f;
}

function packFunction(): FunctionBody {
  const f = new FunctionBody(['b', 'bK', 'bN', 'out', 'k', 'width']);
  f.local('j', 'i32');
  f.local('src', 'i32');
  f.local('dst', 'i32');
  // Contiguous full-width rows: two vector copies per k.
  f.get('bN').i32(4).eq().get('width').i32(PANEL_WIDTH).eq().and().if();
  f.block().loop();
  f.get('k').eqz().brIf(1);
  f.get('out').get('b').v128Load(0).v128Store(0);
  f.get('out').get('b').v128Load(16).v128Store(16);
  f.get('b').get('bK').add().set('b');
  f.get('out').i32(32).add().set('out');
  f.get('k').i32(1).sub().set('k');
  f.br(0);
  f.end().end();
  f.else();
  f.block().loop();
  f.get('k').eqz().brIf(1);
  f.i32(0).set('j');
  f.get('b').set('src');
  f.get('out').set('dst');
  f.block().loop();
  f.get('j').i32(PANEL_WIDTH).geS().brIf(1);
  f.get('j').get('width').ltS().if();
  f.get('dst').get('src').f32Load().f32Store();
  f.else();
  f.get('dst').f32Const0().f32Store();
  f.end();
  f.get('src').get('bN').add().set('src');
  f.get('dst').i32(4).add().set('dst');
  f.get('j').i32(1).add().set('j');
  f.br(0);
  f.end().end();
  f.get('b').get('bK').add().set('b');
  f.get('out').i32(32).add().set('out');
  f.get('k').i32(1).sub().set('k');
  f.br(0);
  f.end().end();
  f.end();
  return f;
}

export function gemmModuleBytes(options: { fma: boolean; sharedMemory: boolean }): Uint8Array {
  return assembleModule({ shared: options.sharedMemory }, [
    { name: 'panel', body: panelFunction(options.fma) },
    { name: 'pack', body: packFunction() },
  ]);
}
