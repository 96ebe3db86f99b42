// The colour scale of trial quality (worst → best) from the theme's chart colours.
import type { Theme } from '../theme';

function rgb(color: string): [number, number, number] | undefined {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (hex) {
    let h = hex[1];
    if (h.length <= 4) h = [...h].map((x) => x + x).join('');
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const m = /^rgba?\(([^)]+)\)$/i.exec(c);
  if (!m) return undefined;
  const [r, g, b] = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
  return [r, g, b];
}

function mix(a: string, b: string, t: number): string {
  const ca = rgb(a);
  const cb = rgb(b);
  if (!ca || !cb) return t < 0.5 ? a : b;
  const [r, g, bl] = ca.map((v, i) => Math.round(v + (cb[i] - v) * t));
  return `rgb(${r}, ${g}, ${bl})`;
}

/** quality 0 (worst) → red, 0.5 → yellow, 1 (best) → green, in the theme's chart colours. */
export function qualityColor(theme: Theme, quality: number): string {
  const q = Math.min(1, Math.max(0, quality));
  const yellow = theme.palette[5] ?? '#cca700';
  const green = theme.palette[2] ?? '#89d185';
  return q < 0.5 ? mix(theme.red, yellow, q * 2) : mix(yellow, green, (q - 0.5) * 2);
}
