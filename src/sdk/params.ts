// Search spaces for sweeps: `sweep: { params: { learningRate: logUniform(1e-4, 1e-1), units: choice([32, 64]) } }`.
// Public contract (the model-file API): extend, never rename.

/** One hyperparameter's value as the model and optimizer functions receive it. */
export type ParamValue = number | string | boolean;

/** The sampled (or default) hyperparameters of one run, by name. */
export type Params = Record<string, ParamValue>;

export type ParamSpec =
  | { kind: 'uniform'; min: number; max: number; default?: number }
  | { kind: 'logUniform'; min: number; max: number; default?: number }
  | { kind: 'intUniform'; min: number; max: number; default?: number }
  | { kind: 'choice'; values: ParamValue[]; default?: ParamValue };

function range(kind: 'uniform' | 'logUniform' | 'intUniform', min: number, max: number): ParamSpec {
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new TypeError(`${kind}(min, max) needs two finite numbers with min < max, got (${JSON.stringify(min)}, ${JSON.stringify(max)})`);
  }
  if (kind === 'logUniform' && min <= 0) throw new TypeError(`logUniform(min, max) needs min > 0, got ${min}`);
  if (kind === 'intUniform' && (!Number.isInteger(min) || !Number.isInteger(max))) throw new TypeError(`intUniform(min, max) needs whole numbers, got (${min}, ${max})`);
  return { kind, min, max };
}

/** A real number drawn evenly from [min, max]. */
export function uniform(min: number, max: number): ParamSpec {
  return range('uniform', min, max);
}

/** A positive number drawn evenly on a log scale from [min, max]: the right prior for learning rates and weight decay. */
export function logUniform(min: number, max: number): ParamSpec {
  return range('logUniform', min, max);
}

/** A whole number drawn evenly from min..max (both included). */
export function intUniform(min: number, max: number): ParamSpec {
  return range('intUniform', min, max);
}

/** One of the given values. */
export function choice(values: ParamValue[]): ParamSpec {
  if (!Array.isArray(values) || values.length === 0) throw new TypeError('choice(values) needs a non-empty array');
  for (const v of values) {
    if (!['number', 'string', 'boolean'].includes(typeof v)) throw new TypeError(`choice(values): each value must be a number, string or boolean, got ${JSON.stringify(v)}`);
  }
  return { kind: 'choice', values: [...values] };
}

export function isParamSpec(value: unknown): value is ParamSpec {
  return typeof value === 'object' && value !== null && ['uniform', 'logUniform', 'intUniform', 'choice'].includes((value as { kind?: unknown }).kind as string);
}

/**
 * The value a plain (non-sweep) run of an experiment that declares a sweep gets: the spec's `default`,
 * else the middle of the range (geometric middle for logUniform), else the first choice.
 */
export function defaultParamValue(spec: ParamSpec): ParamValue {
  if (spec.default !== undefined) return spec.default;
  switch (spec.kind) {
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'logUniform':
      return Math.sqrt(spec.min * spec.max);
    case 'intUniform':
      return Math.round((spec.min + spec.max) / 2);
    case 'choice':
      return spec.values[0];
  }
}
