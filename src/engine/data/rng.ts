// Seeded pseudo-random numbers: the same seed gives the same shuffles and synthetic data on every
// run and platform (only 32-bit integer arithmetic, no Math.random).

/** Returns numbers uniformly distributed in [0, 1). */
export type Rng = () => number;

/** splitmix32 step: spreads nearby seeds (1, 2, 3…) into unrelated states. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

/** Folds any finite number (negative, fractional, above 2^32) into 32 bits without losing its high part. */
function seedBits(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`Seed must be a finite number, got ${seed}`);
  const whole = Math.floor(seed);
  const high = Math.floor(whole / 4294967296) | 0;
  const frac = Math.floor((seed - whole) * 4294967296) | 0;
  return ((whole | 0) ^ Math.imul(high, 0x85ebca6b) ^ Math.imul(frac, 0xc2b2ae35)) | 0;
}

/** sfc32 generator (small, fast, passes PractRand), seeded through splitmix32. */
export function createRng(seed: number): Rng {
  let s = seedBits(seed);
  let a: number, b: number, c: number, d: number;
  [s, a] = splitmix32(s);
  [s, b] = splitmix32(s);
  [s, c] = splitmix32(s);
  d = 1;
  const next: Rng = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs, which still correlate with the seed.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A seed for an independent stream derived from `seed` (e.g. one for shuffling, one for generating). */
export function deriveSeed(seed: number, stream: number): number {
  return splitmix32(seedBits(seed) ^ Math.imul(stream + 1, 0x27d4eb2f))[1] | 0;
}

/** A standard normal sample (Box–Muller; one of the pair is discarded to keep the Rng stateless). */
export function rngNormal(rng: Rng): number {
  const u = 1 - rng(); // in (0, 1], so log(u) is finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A whole number in [0, n). */
export function rngInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates shuffle, in place. */
export function shuffleInPlace<T extends unknown[] | Uint32Array | Int32Array>(arr: T, rng: Rng): T {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
  return arr;
}

/** A random ordering of 0…n-1. */
export function permutation(n: number, rng: Rng): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, rng);
}
