// How far a result is from a reference, for the gradient and kernel checks.
import assert from 'node:assert/strict';

/** |a − b| relative to |b|, with a floor of 1e-3 of the largest |b| (float32 noise on near-zero entries). */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3 * scale, 1e-12));
  return worst;
}
