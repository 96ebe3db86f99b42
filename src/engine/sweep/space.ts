// Turns a search space into the list of trials: every combination of a grid (or an evenly spread
// subset), or seeded random draws. Pure: the same space and seed always plan the same trials.
import type { ParamSpec, ParamValue, Params } from '../../sdk/params';
import { createRng, deriveSeed, type Rng } from '../data/rng';

/** Rounds away float noise (0.30000000000000004) so planned values read and replay cleanly. */
function tidy(value: number, digits = 12): number {
  return Number(value.toPrecision(digits));
}

/**
 * The values a grid tries for one param: `points` evenly spaced values including both ends (geometric
 * spacing for logUniform, rounded and deduplicated for intUniform), or every choice.
 */
export function gridValues(spec: ParamSpec, points: number): ParamValue[] {
  if (spec.kind === 'choice') return [...spec.values];
  const at = (k: number) => k / (points - 1);
  switch (spec.kind) {
    case 'uniform':
      return Array.from({ length: points }, (_, k) => tidy(spec.min + (spec.max - spec.min) * at(k)));
    case 'logUniform':
      return Array.from({ length: points }, (_, k) => tidy(spec.min * Math.pow(spec.max / spec.min, at(k))));
    case 'intUniform':
      return Array.from(new Set(Array.from({ length: points }, (_, k) => Math.round(spec.min + (spec.max - spec.min) * at(k)))));
  }
}

/** How many combinations the grid has. */
export function gridSize(space: Record<string, ParamSpec>, points: number): number {
  return Object.values(space).reduce((n, spec) => n * gridValues(spec, points).length, 1);
}

/**
 * The grid's combinations, the last param varying fastest. With `trials` below the grid's size it takes
 * an evenly spread subset: combination floor((i + 0.5) · size / trials) for i = 0..trials-1, so the
 * trials cover the whole grid instead of only its first rows.
 */
export function enumerateGrid(space: Record<string, ParamSpec>, points: number, trials?: number): Params[] {
  const names = Object.keys(space);
  const axes = names.map((name) => gridValues(space[name], points));
  const size = axes.reduce((n, values) => n * values.length, 1);
  const count = trials === undefined ? size : Math.min(trials, size);
  const indices = count === size ? Array.from({ length: size }, (_, i) => i) : Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) * size) / count));
  return indices.map((index) => {
    const params: Params = {};
    // Mixed-radix digits of the combination's index, last axis first.
    let rest = index;
    for (let a = axes.length - 1; a >= 0; a--) {
      params[names[a]] = axes[a][rest % axes[a].length];
      rest = Math.floor(rest / axes[a].length);
    }
    // Keep the declared order of names in each trial.
    return Object.fromEntries(names.map((name) => [name, params[name]]));
  });
}

/** A stream number per param name, so adding or reordering params leaves the others' draws alone. */
function nameStream(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function draw(spec: ParamSpec, rng: Rng): ParamValue {
  const r = rng();
  switch (spec.kind) {
    case 'uniform':
      return Math.min(spec.max, Math.max(spec.min, tidy(spec.min + r * (spec.max - spec.min), 6)));
    case 'logUniform': {
      const v = Math.exp(Math.log(spec.min) + r * (Math.log(spec.max) - Math.log(spec.min)));
      return Math.min(spec.max, Math.max(spec.min, tidy(v, 6)));
    }
    case 'intUniform':
      return spec.min + Math.floor(r * (spec.max - spec.min + 1));
    case 'choice':
      return spec.values[Math.floor(r * spec.values.length)];
  }
}

/** Random stream of the sweep within the experiment's seed (data shuffles use streams 1 and 2). */
const SWEEP_STREAM = 7;

/** `trials` independent draws from the space, seeded: the same seed gives the same trials. Values keep 6 significant digits. */
export function sampleRandom(space: Record<string, ParamSpec>, trials: number, seed: number): Params[] {
  const base = deriveSeed(seed, SWEEP_STREAM);
  const streams = Object.keys(space).map((name) => [name, createRng(deriveSeed(base, nameStream(name)))] as const);
  return Array.from({ length: trials }, () => Object.fromEntries(streams.map(([name, rng]) => [name, draw(space[name], rng)])));
}
