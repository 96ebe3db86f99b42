// Seeded toy datasets for watching a model learn a shape: xor, moons, circles, spirals (classification,
// 2-D points) and sine (regression). Classes take turns row by row, so they are balanced to within one.
import type { SpiralsOptions } from '../../sdk/types';
import { DataError, type RawDataset } from './raw';
import { createRng, rngNormal, type Rng } from './rng';

interface Generator {
  samples: number;
  noise: number;
  build(n: number, noise: number, rng: Rng, options: SpiralsOptions): RawDataset;
}

function points2d(n: number, numClasses: number, classNames: string[]): RawDataset {
  return {
    task: 'classification', featureShape: [2], targetShape: [1], featureNames: ['x1', 'x2'],
    numClasses, classNames, x: new Float32Array(n * 2), y: new Float32Array(n), count: n,
  };
}

const GENERATORS = {
  /** Points in [-1, 1]²; class 1 where the two coordinates have opposite signs. */
  xor: {
    samples: 400,
    noise: 0.1,
    build(n, noise, rng) {
      const d = points2d(n, 2, ['same sign', 'opposite signs']);
      for (let i = 0; i < n; i++) {
        const label = i % 2;
        const a = 2 * rng() - 1;
        const sameSign = label === 0;
        const b = rng() * ((a >= 0) === sameSign ? 1 : -1);
        d.x[2 * i] = a + noise * rngNormal(rng);
        d.x[2 * i + 1] = b + noise * rngNormal(rng);
        d.y[i] = label;
      }
      return d;
    },
  },
  /** Two interleaving half circles, as scikit-learn's make_moons. */
  moons: {
    samples: 500,
    noise: 0.1,
    build(n, noise, rng) {
      const d = points2d(n, 2, ['upper', 'lower']);
      for (let i = 0; i < n; i++) {
        const label = i % 2;
        const t = Math.PI * rng();
        d.x[2 * i] = (label ? 1 - Math.cos(t) : Math.cos(t)) + noise * rngNormal(rng);
        d.x[2 * i + 1] = (label ? 0.5 - Math.sin(t) : Math.sin(t)) + noise * rngNormal(rng);
        d.y[i] = label;
      }
      return d;
    },
  },
  /** A circle of radius 0.5 (class 1) inside one of radius 1 (class 0). */
  circles: {
    samples: 500,
    noise: 0.05,
    build(n, noise, rng) {
      const d = points2d(n, 2, ['outer', 'inner']);
      for (let i = 0; i < n; i++) {
        const label = i % 2;
        const r = label ? 0.5 : 1;
        const t = 2 * Math.PI * rng();
        d.x[2 * i] = r * Math.cos(t) + noise * rngNormal(rng);
        d.x[2 * i + 1] = r * Math.sin(t) + noise * rngNormal(rng);
        d.y[i] = label;
      }
      return d;
    },
  },
  /** `classes` spiral arms winding out from the centre, one class per arm (as in CS231n). */
  spirals: {
    samples: 600,
    noise: 0.05,
    build(n, noise, rng, options) {
      const k = options.classes ?? 3;
      if (!Number.isInteger(k) || k < 2 || k > 100) throw new DataError(`spirals: classes must be a whole number from 2 to 100, got ${JSON.stringify(options.classes)}`);
      const d = points2d(n, k, Array.from({ length: k }, (_, c) => `arm ${c + 1}`));
      for (let i = 0; i < n; i++) {
        const label = i % k;
        const r = rng(); // radius 0..1
        const t = (2 * Math.PI * label) / k + 4 * r; // about 2/3 of a turn per arm
        d.x[2 * i] = r * Math.sin(t) + noise * rngNormal(rng);
        d.x[2 * i + 1] = r * Math.cos(t) + noise * rngNormal(rng);
        d.y[i] = label;
      }
      return d;
    },
  },
  /** y = sin(x) + noise for x uniform in [-π, π]. */
  sine: {
    samples: 500,
    noise: 0.1,
    build(n, noise, rng) {
      const x = new Float32Array(n);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = Math.PI * (2 * rng() - 1);
        x[i] = v;
        y[i] = Math.sin(v) + noise * rngNormal(rng);
      }
      return { task: 'regression', featureShape: [1], targetShape: [1], featureNames: ['x'], x, y, count: n };
    },
  },
} satisfies Record<string, Generator>;

export type SyntheticName = keyof typeof GENERATORS;
export const SYNTHETIC_NAMES = Object.keys(GENERATORS) as SyntheticName[];

export function isSyntheticName(name: string): name is SyntheticName {
  return Object.prototype.hasOwnProperty.call(GENERATORS, name);
}

/** Generates `name` from `seed`: the same seed and options always give the same rows. */
export function generateSynthetic(name: SyntheticName, options: SpiralsOptions, seed: number): RawDataset {
  const gen: Generator = GENERATORS[name];
  const n = options.samples ?? gen.samples;
  const noise = options.noise ?? gen.noise;
  if (!Number.isInteger(n) || n < 2) throw new DataError(`${name}: samples must be a whole number ≥ 2, got ${JSON.stringify(options.samples)}`);
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) throw new DataError(`${name}: noise must be a number ≥ 0, got ${JSON.stringify(options.noise)}`);
  return gen.build(n, noise, createRng(seed), options);
}

