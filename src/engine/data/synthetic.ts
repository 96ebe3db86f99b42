// Seeded synthetic datasets for seeing a model learn a shape: xor, moons, circles, spirals, sine.
import type { SpiralsOptions, SyntheticOptions } from '../../sdk/types';
import { createRng, rngNormal, type Rng } from './rng';

export interface RawDataset {
  features: Float64Array;
  featureNames: string[];
  /** One target per row (class index or regression value). */
  targets: Float64Array;
  rows: number;
  task: 'classification' | 'regression';
  numClasses?: number;
  classNames?: string[];
}

function twoD(n: number, task: RawDataset['task'], numClasses?: number): RawDataset {
  return { features: new Float64Array(n * 2), featureNames: ['x1', 'x2'], targets: new Float64Array(n), rows: n, task, numClasses };
}

/** Four Gaussian blobs at (±1, ±1); the label is the XOR of the signs. */
function xor(o: SyntheticOptions, rng: Rng): RawDataset {
  const n = o.samples ?? 400;
  const noise = o.noise ?? 0.3;
  const d = twoD(n, 'classification', 2);
  for (let i = 0; i < n; i++) {
    const a = i % 2;
    const b = Math.floor(i / 2) % 2;
    d.features[2 * i] = (a ? 1 : -1) + noise * rngNormal(rng);
    d.features[2 * i + 1] = (b ? 1 : -1) + noise * rngNormal(rng);
    d.targets[i] = a ^ b;
  }
  return d;
}

/** Two interleaving half circles (as scikit-learn's make_moons). */
function moons(o: SyntheticOptions, rng: Rng): RawDataset {
  const n = o.samples ?? 400;
  const noise = o.noise ?? 0.1;
  const d = twoD(n, 'classification', 2);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = Math.PI * rng();
    d.features[2 * i] = (label ? 1 - Math.cos(t) : Math.cos(t)) + noise * rngNormal(rng);
    d.features[2 * i + 1] = (label ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * rngNormal(rng);
    d.targets[i] = label;
  }
  return d;
}

/** A small circle inside a large one. */
function circles(o: SyntheticOptions, rng: Rng): RawDataset {
  const n = o.samples ?? 400;
  const noise = o.noise ?? 0.08;
  const d = twoD(n, 'classification', 2);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = label ? 0.5 : 1;
    const t = 2 * Math.PI * rng();
    d.features[2 * i] = r * Math.cos(t) + noise * rngNormal(rng);
    d.features[2 * i + 1] = r * Math.sin(t) + noise * rngNormal(rng);
    d.targets[i] = label;
  }
  return d;
}

/** `classes` interleaved spiral arms (as in CS231n). */
function spirals(o: SpiralsOptions, rng: Rng): RawDataset {
  const k = o.classes ?? 3;
  if (!Number.isInteger(k) || k < 2) throw new Error(`spirals: classes must be a whole number ≥ 2, got ${o.classes}`);
  const n = o.samples ?? 600;
  const noise = o.noise ?? 0.2;
  const d = twoD(n, 'classification', k);
  const perClass = Math.ceil(n / k);
  for (let i = 0; i < n; i++) {
    const label = i % k;
    const j = Math.floor(i / k);
    const r = j / perClass;
    const t = (label * 4 + 4 * r) + noise * rngNormal(rng);
    d.features[2 * i] = r * Math.sin(t);
    d.features[2 * i + 1] = r * Math.cos(t);
    d.targets[i] = label;
  }
  return d;
}

/** y = sin(x) + noise for x uniform in [−π, π]. */
function sine(o: SyntheticOptions, rng: Rng): RawDataset {
  const n = o.samples ?? 500;
  const noise = o.noise ?? 0.1;
  const d: RawDataset = { features: new Float64Array(n), featureNames: ['x'], targets: new Float64Array(n), rows: n, task: 'regression' };
  for (let i = 0; i < n; i++) {
    const x = -Math.PI + 2 * Math.PI * rng();
    d.features[i] = x;
    d.targets[i] = Math.sin(x) + noise * rngNormal(rng);
  }
  return d;
}

const GENERATORS = { xor, moons, circles, spirals, sine } as const;
export type SyntheticName = keyof typeof GENERATORS;
export const SYNTHETIC_NAMES = Object.keys(GENERATORS) as SyntheticName[];

export function generateSynthetic(name: SyntheticName, options: SpiralsOptions, seed: number): RawDataset {
  const samples = options.samples;
  if (samples !== undefined && (!Number.isInteger(samples) || samples < 4)) throw new Error(`${name}: samples must be a whole number ≥ 4, got ${samples}`);
  return GENERATORS[name](options, createRng(seed ^ 0x2545f491));
}
