// Host-side weight manipulation (transposes, block reordering) and raw little-endian tensor bytes.

/** Row-major strides of `shape`. */
function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** Transposes row-major `data` of `shape` by `perm` (output axis i = input axis perm[i]). */
export function transposeData(data: Float32Array, shape: number[], perm: number[]): { data: Float32Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = strides(shape);
  const out = new Float32Array(data.length);
  const rank = shape.length;
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += idx[i] * inStrides[perm[i]];
    out[o] = data[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break;
      idx[i] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/** Splits the last axis into `blocks` equal blocks and puts them in `order` (gate reordering). */
export function reorderLastAxisBlocks(data: Float32Array, shape: number[], blocks: number, order: number[]): Float32Array {
  const last = shape[shape.length - 1];
  const size = last / blocks;
  const rows = data.length / last;
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < order.length; b++) {
      out.set(data.subarray(r * last + order[b] * size, r * last + (order[b] + 1) * size), r * last + b * size);
    }
  }
  return out;
}

export function float32Bytes(v: Float32Array): Uint8Array {
  const raw = new Uint8Array(v.length * 4);
  const dv = new DataView(raw.buffer);
  for (let i = 0; i < v.length; i++) dv.setFloat32(i * 4, v[i], true); // raw_data is little-endian
  return raw;
}

export function int64Bytes(v: (number | bigint)[]): Uint8Array {
  const raw = new Uint8Array(v.length * 8);
  const dv = new DataView(raw.buffer);
  for (let i = 0; i < v.length; i++) dv.setBigInt64(i * 8, BigInt(v[i]), true);
  return raw;
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
