// The column sum, emitted as WebAssembly SIMD: out[c] = Σ_r a[r·cols + c]. It is the Sum a gradient
// takes over its leading axes (a bias's gradient: Dense over the batch, Conv over batch × height ×
// width), which tfjs-backend-wasm computes by transposing the whole tensor first.
//   columnSums(a, rows, cols, out)   out[c] += a[r·cols + c] for every row r (out starts zeroed)
// Each column adds its rows in order in float32, as tfjs' own kernel does after its transpose.
import { assembleModule, FunctionBody, loopOverBytes } from './wasmAssembler';

function columnSumsFunction(): FunctionBody {
  const f = new FunctionBody(['a', 'rows', 'cols', 'out']);
  f.local('i', 'i32');
  f.local('bytes', 'i32');
  f.local('row', 'i32');
  f.local('r', 'i32');
  f.get('cols').i32(4).mul().set('bytes');
  f.get('a').set('row');
  f.block().loop();
  f.get('r').get('rows').geS().brIf(1);
  f.i32(0).set('i');
  loopOverBytes(f, 16, () => {
    f.get('out').get('i').add();
    f.get('out').get('i').add().v128Load();
    f.get('row').get('i').add().v128Load();
    f.f32x4Add().v128Store();
  });
  loopOverBytes(f, 4, () => {
    f.get('out').get('i').add();
    f.get('out').get('i').add().f32Load();
    f.get('row').get('i').add().f32Load();
    f.f32Add().f32Store();
  });
  f.get('row').get('bytes').add().set('row');
  f.get('r').i32(1).add().set('r');
  f.br(0);
  f.end().end();
  return f;
}

export function columnSumModuleBytes(options: { sharedMemory: boolean }): Uint8Array {
  return assembleModule({ shared: options.sharedMemory }, [{ name: 'columnSums', body: columnSumsFunction() }]);
}
