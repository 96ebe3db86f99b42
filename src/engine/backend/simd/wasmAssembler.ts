// A minimal WebAssembly binary writer: enough to emit small SIMD kernels at run time, so that Model Lab
// ships no compiled binary and needs no C or WAT toolchain. It covers the one module shape we need:
// functions over i32 parameters, one imported memory, exported functions.

export type ValueType = 'i32' | 'f32' | 'f64' | 'v128';
const TYPE_CODE: Record<ValueType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

function uleb(value: number, out: number[]): void {
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
}

function sleb(value: number, out: number[]): void {
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** A function body under construction. Locals are named; parameters come first, in order. */
export class FunctionBody {
  readonly code: number[] = [];
  private readonly localIndex = new Map<string, number>();
  private readonly extraLocals: ValueType[] = [];

  constructor(readonly params: string[]) {
    params.forEach((name, i) => this.localIndex.set(name, i));
  }

  /** Declares a local (idempotent for the same name and type). */
  local(name: string, type: ValueType): string {
    if (!this.localIndex.has(name)) {
      this.localIndex.set(name, this.params.length + this.extraLocals.length);
      this.extraLocals.push(type);
    }
    return name;
  }

  private index(name: string): number {
    const i = this.localIndex.get(name);
    if (i === undefined) throw new Error(`wasm assembler: unknown local ${name}`);
    return i;
  }

  private op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }

  private simd(opcode: number, ...rest: number[]): this {
    this.code.push(0xfd);
    uleb(opcode, this.code);
    this.code.push(...rest);
    return this;
  }

  private memarg(alignLog2: number, offset: number): number[] {
    const out: number[] = [];
    uleb(alignLog2, out);
    uleb(offset, out);
    return out;
  }

  get(name: string): this { return this.op(0x20, ...this.lebU(this.index(name))); }
  set(name: string): this { return this.op(0x21, ...this.lebU(this.index(name))); }
  tee(name: string): this { return this.op(0x22, ...this.lebU(this.index(name))); }
  i32(value: number): this { const out = [0x41]; sleb(value | 0, out); return this.op(...out); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  ltS(): this { return this.op(0x48); }
  geS(): this { return this.op(0x4e); }
  eqz(): this { return this.op(0x45); }
  eq(): this { return this.op(0x46); }
  and(): this { return this.op(0x71); }
  /** Stack: a, b, condition; leaves a when the condition is non-zero, else b. */
  select(): this { return this.op(0x1b); }
  i32Load(offset = 0): this { return this.op(0x28, ...this.memarg(2, offset)); }
  i32Store(offset = 0): this { return this.op(0x36, ...this.memarg(2, offset)); }
  /** block … end; `br 0` inside jumps past the end. */
  block(): this { return this.op(0x02, 0x40); }
  /** loop … end; `br 0` inside jumps back to the start. */
  loop(): this { return this.op(0x03, 0x40); }
  if(): this { return this.op(0x04, 0x40); }
  else(): this { return this.op(0x05); }
  end(): this { return this.op(0x0b); }
  br(depth: number): this { return this.op(0x0c, ...this.lebU(depth)); }
  brIf(depth: number): this { return this.op(0x0d, ...this.lebU(depth)); }
  f32Load(offset = 0): this { return this.op(0x2a, ...this.memarg(2, offset)); }
  f32Store(offset = 0): this { return this.op(0x38, ...this.memarg(2, offset)); }
  f32Const0(): this { return this.op(0x43, 0, 0, 0, 0); }
  f32Const(value: number): this { return this.op(0x43, ...new Uint8Array(new Float32Array([value]).buffer)); }
  f32Min(): this { return this.op(0x96); }
  /** f32 comparison → i32 0 or 1. */
  f32Eq(): this { return this.op(0x5b); }
  f32Lt(): this { return this.op(0x5d); }
  f32Gt(): this { return this.op(0x5e); }
  f64Load(offset = 0): this { return this.op(0x2b, ...this.memarg(3, offset)); }
  f64Sub(): this { return this.op(0xa1); }
  f64Mul(): this { return this.op(0xa2); }
  f64PromoteF32(): this { return this.op(0xbb); }
  /** Truncates toward zero (traps outside the i32 range: callers keep values in range). */
  i32TruncF64S(): this { return this.op(0xaa); }
  f32Add(): this { return this.op(0x92); }
  f32Mul(): this { return this.op(0x94); }
  f32Max(): this { return this.op(0x97); }
  f32Sub(): this { return this.op(0x93); }
  f32Div(): this { return this.op(0x95); }
  f32Sqrt(): this { return this.op(0x91); }
  f32Abs(): this { return this.op(0x8b); }
  v128Load(offset = 0): this { return this.simd(0x00, ...this.memarg(0, offset)); }
  v128Store(offset = 0): this { return this.simd(0x0b, ...this.memarg(0, offset)); }
  /** Loads one f32 and splats it to all four lanes. */
  v128Load32Splat(offset = 0): this { return this.simd(0x09, ...this.memarg(0, offset)); }
  v128Zero(): this { return this.simd(0x0c, ...new Array<number>(16).fill(0)); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Mul(): this { return this.simd(0xe6); }
  f32x4Max(): this { return this.simd(0xe9); }
  f32x4Sub(): this { return this.simd(0xe5); }
  f32x4Div(): this { return this.simd(0xe7); }
  f32x4Sqrt(): this { return this.simd(0xe3); }
  f32x4Abs(): this { return this.simd(0xe0); }
  f32x4Min(): this { return this.simd(0xe8); }
  f32x4Splat(): this { return this.simd(0x13); }
  /** Lane-wise comparisons → all-ones (−1 as i32) or zero lanes. */
  f32x4Eq(): this { return this.simd(0x41); }
  f32x4Lt(): this { return this.simd(0x43); }
  f32x4Gt(): this { return this.simd(0x44); }
  i32x4Sub(): this { return this.simd(0xb1); }
  /** a·b + c with one rounding where the CPU has FMA (relaxed SIMD). Stack: a, b, c. */
  f32x4RelaxedMadd(): this { return this.simd(0x105); }

  private lebU(value: number): number[] {
    const out: number[] = [];
    uleb(value, out);
    return out;
  }

  encode(): number[] {
    const out: number[] = [];
    // Run-length groups of equal local types.
    const groups: Array<[number, ValueType]> = [];
    for (const type of this.extraLocals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === type) last[0]++;
      else groups.push([1, type]);
    }
    uleb(groups.length, out);
    for (const [count, type] of groups) {
      uleb(count, out);
      out.push(TYPE_CODE[type]);
    }
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(out.length, sized);
    return [...sized, ...out];
  }
}

/**
 * Emits `while (i + step ≤ bytes) { body(); i += step }` over the i32 locals `i` and `bytes` (a byte
 * offset and a byte count): the elementwise kernels' vector loop (step 16) and scalar tail (step 4).
 */
export function loopOverBytes(f: FunctionBody, step: number, body: () => void): void {
  f.block().loop();
  f.get('bytes').get('i').i32(step).add().geS().eqz().brIf(1);
  body();
  f.get('i').i32(step).add().set('i');
  f.br(0);
  f.end().end();
}

/**
 * A function (a, rows, cols, out) folding each column of the rows×cols float32 matrix at a into out:
 * out[c] = combine(out[c], a[r·cols + c]) for every row r in order. `vector` and `scalar` emit the
 * combine for 4 lanes and for one value (stack: out's value, a's value).
 */
export function columnFoldFunction(vector: (f: FunctionBody) => void, scalar: (f: FunctionBody) => void): FunctionBody {
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
    vector(f);
    f.v128Store();
  });
  loopOverBytes(f, 4, () => {
    f.get('out').get('i').add();
    f.get('out').get('i').add().f32Load();
    f.get('row').get('i').add().f32Load();
    scalar(f);
    f.f32Store();
  });
  f.get('row').get('bytes').add().set('row');
  f.get('r').i32(1).add().set('r');
  f.br(0);
  f.end().end();
  return f;
}

export interface MemoryImport {
  /** Whether the memory is a shared one (the threaded wasm build's). */
  shared: boolean;
}

function section(id: number, payload: number[]): number[] {
  const out = [id];
  uleb(payload.length, out);
  return [...out, ...payload];
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  const out: number[] = [];
  uleb(bytes.length, out);
  return [...out, ...bytes];
}

/** A module of functions over i32 parameters (no results) that works on an imported memory `env.memory`. */
export function assembleModule(memory: MemoryImport, functions: Array<{ name: string; body: FunctionBody }>): Uint8Array {
  const types: number[] = [];
  uleb(functions.length, types);
  for (const f of functions) {
    types.push(0x60);
    uleb(f.body.params.length, types);
    for (let i = 0; i < f.body.params.length; i++) types.push(TYPE_CODE.i32);
    types.push(0);
  }
  const imports: number[] = [1, ...name('env'), ...name('memory'), 0x02];
  if (memory.shared) {
    imports.push(0x03);
    uleb(1, imports);
    uleb(65536, imports);
  } else {
    imports.push(0x00);
    uleb(1, imports);
  }
  const funcs: number[] = [];
  uleb(functions.length, funcs);
  functions.forEach((_, i) => uleb(i, funcs));
  const exports: number[] = [];
  uleb(functions.length, exports);
  functions.forEach((f, i) => {
    exports.push(...name(f.name), 0x00);
    uleb(i, exports);
  });
  const code: number[] = [];
  uleb(functions.length, code);
  for (const f of functions) code.push(...f.body.encode());
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
}
