/** MODELLAB_SIMD=0 keeps tfjs' own kernels and Model Lab's JS loops instead of the emitted SIMD kernels (to compare them, or to rule them out). */
export function simdEnabled(): boolean {
  return process.env.MODELLAB_SIMD !== '0';
}
