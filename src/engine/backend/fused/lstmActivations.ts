// The activations the fused LSTM implements, with tfjs' exact forward formulas and gradients (including
// where the gradient is taken at a kink: relu passes none at 0, hardSigmoid's clip passes it at both ends).
export type ActivationKind = 'linear' | 'tanh' | 'sigmoid' | 'hardSigmoid' | 'relu';

const KINDS: ReadonlySet<string> = new Set<ActivationKind>(['linear', 'tanh', 'sigmoid', 'hardSigmoid', 'relu']);

/** The kind for a tfjs-layers activation's class name (getClassName()); undefined for the others, which fall back to tfjs' own LSTM. */
export function activationKind(className: string): ActivationKind | undefined {
  return KINDS.has(className) ? (className as ActivationKind) : undefined;
}

/** y[off..off+n) = act(z[off..off+n)). */
export function activate(kind: ActivationKind, z: Float32Array, y: Float32Array, off: number, n: number): void {
  const end = off + n;
  switch (kind) {
    case 'linear':
      for (let i = off; i < end; i++) y[i] = z[i];
      return;
    case 'tanh':
      for (let i = off; i < end; i++) y[i] = Math.tanh(z[i]);
      return;
    case 'sigmoid':
      for (let i = off; i < end; i++) y[i] = 1 / (1 + Math.exp(-z[i]));
      return;
    case 'hardSigmoid':
      for (let i = off; i < end; i++) {
        const p = Math.fround(Math.fround(0.2 * z[i]) + 0.5); // tfjs: clip(0.5 + 0.2·x, 0, 1), in float32
        y[i] = p < 0 ? 0 : p > 1 ? 1 : p;
      }
      return;
    case 'relu':
      for (let i = off; i < end; i++) y[i] = z[i] > 0 ? z[i] : 0;
      return;
  }
}

/** g[gOff + i] *= act'(z[zOff + i]) for i < n, with y = act(z) (the derivative of tanh and sigmoid comes from y). */
export function multiplyByDerivative(kind: ActivationKind, z: Float32Array, y: Float32Array, zOff: number, g: Float32Array, gOff: number, n: number): void {
  switch (kind) {
    case 'linear':
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const v = y[zOff + i];
        g[gOff + i] *= 1 - v * v;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = y[zOff + i];
        g[gOff + i] *= v * (1 - v);
      }
      return;
    case 'hardSigmoid':
      for (let i = 0; i < n; i++) {
        const p = Math.fround(Math.fround(0.2 * z[zOff + i]) + 0.5);
        g[gOff + i] *= p >= 0 && p <= 1 ? 0.2 : 0;
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (!(z[zOff + i] > 0)) g[gOff + i] = 0;
      return;
  }
}
