// The `modellab` module that model files import. Model files get this very instance at run time
// (the loader maps the import to it), so `experiment()` values are recognised by the engine.
import { EXPERIMENT_BRAND, type Experiment, type ExperimentConfig } from './types';
import { userCallSite } from './location';

export * from './types';
export type { ParamSpec, ParamValue, Params } from './params';
export { choice, intUniform, logUniform, uniform } from './params';
export { datasets, fromFunction } from './datasets';

/** Declares an experiment: a model, its data and how to train it. Export the result from a model file. */
export function experiment(config: ExperimentConfig): Experiment {
  if (config === null || typeof config !== 'object') {
    throw new TypeError('experiment() takes one object: { name, data, model, loss, ... }');
  }
  if (typeof config.name !== 'string' || config.name.trim() === '') {
    throw new TypeError('experiment() needs a `name` (a non-empty string)');
  }
  return Object.freeze({ [EXPERIMENT_BRAND]: true as const, config, location: userCallSite() });
}

export function isExperiment(value: unknown): value is Experiment {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[EXPERIMENT_BRAND] === true;
}
