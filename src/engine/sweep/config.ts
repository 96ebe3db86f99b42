// Checks an experiment's `sweep: {...}` before anything trains: each mistake is a LoadError at the
// experiment's location that says which option is wrong and what it should be.
import { isParamSpec, type ParamSpec } from '../../sdk/params';
import type { Experiment, SweepConfig } from '../../sdk/types';
import { LoadError } from '../loader/errors';
import { gridSize } from './space';

/** Random sweeps train this many trials unless `trials` says otherwise. */
export const DEFAULT_RANDOM_TRIALS = 10;
/** Values per range in a grid unless `gridPoints` says otherwise. */
export const DEFAULT_GRID_POINTS = 3;
/** A grid bigger than this needs `trials` to cap it (each trial is a whole training run). */
export const MAX_GRID_WITHOUT_TRIALS = 256;

const OPTIONS = ['method', 'trials', 'params', 'metric', 'goal', 'gridPoints', 'parallel'];
const SPEC_HELP = `logUniform(min, max), uniform(min, max), intUniform(min, max) or choice([...]) from 'modellab'`;

/** A sweep config with every default filled in except the metric and goal (they depend on the data). */
export interface CheckedSweep {
  method: 'grid' | 'random';
  /** random: the number of draws; grid: the cap, if any. */
  trials?: number;
  params: Record<string, ParamSpec>;
  metric?: string;
  goal?: 'minimize' | 'maximize';
  gridPoints: number;
  parallel?: number | 'auto';
}

/** `trialsOverride` (the command line's --trials) replaces `trials`, and so lifts the grid size limit. */
export function checkSweepConfig(experiment: Experiment, trialsOverride?: number): CheckedSweep {
  const name = experiment.config.name;
  const sweep = experiment.config.sweep as SweepConfig | undefined;
  const fail = (message: string): never => {
    throw new LoadError('bad-config', `sweep of '${name}': ${message}`, experiment.location);
  };
  if (sweep === undefined || sweep === null) {
    throw new LoadError('bad-config', `Experiment '${name}' declares no sweep. Add: sweep: { method: 'random', trials: 10, params: { learningRate: logUniform(1e-4, 1e-1) } }`, experiment.location);
  }
  if (typeof sweep !== 'object' || Array.isArray(sweep)) fail(`must be an object { method, params, ... }, got ${JSON.stringify(sweep)}`);
  for (const key of Object.keys(sweep)) {
    if (!OPTIONS.includes(key)) fail(`unknown option '${key}'. Options: ${OPTIONS.join(', ')}`);
  }
  if (sweep.method !== 'grid' && sweep.method !== 'random') fail(`'method' must be 'grid' or 'random', got ${JSON.stringify(sweep.method)}`);
  const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
  if (sweep.trials !== undefined && !isPositiveInt(sweep.trials)) fail(`'trials' must be a whole number ≥ 1, got ${JSON.stringify(sweep.trials)}`);
  if (sweep.gridPoints !== undefined) {
    if (sweep.method !== 'grid') fail(`'gridPoints' applies to method 'grid' only`);
    if (!isPositiveInt(sweep.gridPoints) || sweep.gridPoints < 2) fail(`'gridPoints' must be a whole number ≥ 2, got ${JSON.stringify(sweep.gridPoints)}`);
  }
  if (typeof sweep.params !== 'object' || sweep.params === null || Array.isArray(sweep.params)) fail(`'params' must be an object of ${SPEC_HELP}, got ${JSON.stringify(sweep.params)}`);
  const names = Object.keys(sweep.params);
  if (names.length === 0) fail(`'params' is empty: name at least one, e.g. params: { learningRate: logUniform(1e-4, 1e-1) }`);
  for (const param of names) {
    const problem = specProblem(sweep.params[param]);
    if (problem) fail(`param '${param}' ${problem}`);
  }
  if (sweep.metric !== undefined && (typeof sweep.metric !== 'string' || sweep.metric.trim() === '')) fail(`'metric' must be a metric name such as 'val_loss' or 'val_accuracy', got ${JSON.stringify(sweep.metric)}`);
  if (sweep.goal !== undefined && sweep.goal !== 'minimize' && sweep.goal !== 'maximize') fail(`'goal' must be 'minimize' or 'maximize', got ${JSON.stringify(sweep.goal)}`);
  const parallel = sweep.parallel;
  if (parallel !== undefined && parallel !== 'auto' && !isPositiveInt(parallel)) fail(`'parallel' must be a whole number ≥ 1 or 'auto', got ${JSON.stringify(parallel)}`);

  const gridPoints = sweep.gridPoints ?? DEFAULT_GRID_POINTS;
  if (sweep.method === 'grid' && (trialsOverride ?? sweep.trials) === undefined) {
    const size = gridSize(sweep.params, gridPoints);
    if (size > MAX_GRID_WITHOUT_TRIALS) fail(`the grid has ${size} combinations, more than ${MAX_GRID_WITHOUT_TRIALS}: set 'trials' to train an evenly spread subset of them, lower 'gridPoints', or use method 'random'`);
  }
  return {
    method: sweep.method,
    trials: trialsOverride ?? (sweep.method === 'random' ? sweep.trials ?? DEFAULT_RANDOM_TRIALS : sweep.trials),
    params: sweep.params,
    metric: sweep.metric,
    goal: sweep.goal,
    gridPoints,
    parallel,
  };
}

/** What is wrong with a param spec (written by hand or altered after the helper made it), or undefined. */
function specProblem(spec: unknown): string | undefined {
  if (!isParamSpec(spec)) return `must be ${SPEC_HELP}, got ${JSON.stringify(spec)}`;
  if (spec.kind === 'choice') {
    if (!Array.isArray(spec.values) || spec.values.length === 0) return 'choice([...]) needs at least one value';
    const bad = spec.values.find((v) => !['number', 'string', 'boolean'].includes(typeof v));
    return bad === undefined ? undefined : `choice([...]): each value must be a number, string or boolean, got ${JSON.stringify(bad)}`;
  }
  const { min, max } = spec;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) return `${spec.kind}(min, max) needs finite numbers with min < max, got (${JSON.stringify(min)}, ${JSON.stringify(max)})`;
  if (spec.kind === 'logUniform' && min <= 0) return `logUniform(min, max) needs min > 0, got ${min}`;
  if (spec.kind === 'intUniform' && (!Number.isInteger(min) || !Number.isInteger(max))) return `intUniform(min, max) needs whole numbers, got (${min}, ${max})`;
  return undefined;
}
