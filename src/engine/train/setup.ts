// Turns an experiment from a model file (plus command-line overrides) into everything the loop needs,
// failing early with a LoadError for any bad input.
import * as tf from '@tensorflow/tfjs';
import type { Experiment, ExperimentConfig, LossName, MetricName } from '../../sdk/types';
import { resolveData } from '../data/prepare';
import type { PreparedData } from '../data/types';
import { LoadError } from '../loader/errors';
import { userCodeError } from '../loader/evaluate';
import { createOptimizer, type ManagedOptimizer } from '../optim/optimizers';
import { EarlyStopping } from './earlyStopping';
import { lossFunction, LOSS_NAMES } from './losses';
import { metricFunction, METRIC_NAMES } from './metrics';
import { ReduceLROnPlateau } from './reduceLROnPlateau';
import { checkDataFitsModel } from './shapeCheck';

export interface Overrides {
  epochs?: number;
  batchSize?: number;
  seed?: number;
}

export type TensorFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

export interface TrainingSetup {
  experiment: Experiment;
  config: ExperimentConfig;
  data: PreparedData;
  model: tf.LayersModel;
  optimizer: ManagedOptimizer;
  lossName: LossName;
  loss: TensorFn;
  metricNames: MetricName[];
  metrics: TensorFn[];
  epochs: number;
  batchSize: number;
  seed: number;
  shuffle: boolean;
  earlyStopping?: EarlyStopping;
  reduceLROnPlateau?: ReduceLROnPlateau;
}

function positiveInt(value: unknown, what: string, experiment: Experiment): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new LoadError('bad-config', `'${what}' must be a positive whole number, got ${JSON.stringify(value)}`, experiment.location);
  }
  return value;
}

function asLoadError(code: 'unknown-loss' | 'unknown-metric' | 'unknown-optimizer' | 'unknown-dataset' | 'data-error' | 'bad-config', experiment: Experiment, fn: () => unknown) {
  try {
    return fn();
  } catch (err) {
    if (err instanceof LoadError) throw err;
    throw new LoadError(code, err instanceof Error ? err.message : String(err), experiment.location);
  }
}

/** The parts that need no model: validated numbers, loss and metrics. */
export function resolveSettings(experiment: Experiment, overrides: Overrides = {}) {
  const config = experiment.config;
  const epochs = positiveInt(overrides.epochs ?? config.epochs ?? 10, 'epochs', experiment);
  const batchSize = positiveInt(overrides.batchSize ?? config.batchSize ?? 32, 'batchSize', experiment);
  const seed = overrides.seed ?? config.seed ?? 42;
  if (!Number.isInteger(seed)) throw new LoadError('bad-config', `'seed' must be a whole number, got ${JSON.stringify(seed)}`, experiment.location);
  if (!LOSS_NAMES.includes(config.loss)) {
    throw new LoadError('unknown-loss', `Unknown loss '${String(config.loss)}'. Use one of: ${LOSS_NAMES.join(', ')}`, experiment.location);
  }
  const metricNames = config.metrics ?? [];
  for (const m of metricNames) {
    if (!METRIC_NAMES.includes(m)) throw new LoadError('unknown-metric', `Unknown metric '${String(m)}'. Use any of: ${METRIC_NAMES.join(', ')}`, experiment.location);
  }
  const loss = asLoadError('unknown-loss', experiment, () => lossFunction(config.loss)) as TensorFn;
  const metrics = metricNames.map((m) => asLoadError('unknown-metric', experiment, () => metricFunction(m, config.loss)) as TensorFn);
  return { config, epochs, batchSize, seed, loss, metrics, metricNames, lossName: config.loss };
}

/** Calls the model function, with the layer/line of anything it throws. */
export function buildModel(experiment: Experiment): tf.LayersModel {
  if (typeof experiment.config.model !== 'function') {
    throw new LoadError('bad-config', `'model' must be a function returning a tf.LayersModel`, experiment.location);
  }
  let model: unknown;
  try {
    model = experiment.config.model();
  } catch (err) {
    throw userCodeError('model-threw', `model() of '${experiment.config.name}' threw`, err);
  }
  if (!(model instanceof tf.LayersModel)) {
    throw new LoadError('not-a-model', `model() of '${experiment.config.name}' must return a tf.LayersModel (tf.sequential(...) or tf.model(...)), got ${describe(model)}`, experiment.location);
  }
  return model;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

export async function prepareData(experiment: Experiment, seed: number, lossName: LossName): Promise<PreparedData> {
  const spec = experiment.config.data;
  if (spec === undefined || spec === null) throw new LoadError('bad-config', `'data' is missing: use datasets.digits(), datasets.csv(path) or a function`, experiment.location);
  const normalized = typeof spec === 'function' ? { kind: 'function' as const, fn: spec as never, options: {} } : spec;
  try {
    return await resolveData(normalized, { seed, lossName });
  } catch (err) {
    if (err instanceof LoadError) throw err;
    if (normalized.kind === 'function') throw userCodeError('data-error', `The data function of '${experiment.config.name}' failed`, err);
    const loc = normalized.kind === 'csv' ? normalized.callSite ?? experiment.location : experiment.location;
    const message = err instanceof Error ? err.message : String(err);
    throw new LoadError(/nknown dataset/.test(message) ? 'unknown-dataset' : 'data-error', message, loc);
  }
}

/** Everything the loop needs. The backend must already be active, and Math.random seeded. */
export async function createSetup(experiment: Experiment, overrides: Overrides = {}): Promise<TrainingSetup> {
  const settings = resolveSettings(experiment, overrides);
  const data = await prepareData(experiment, settings.seed, settings.lossName);
  const model = buildModel(experiment);
  checkDataFitsModel(model, data, settings.lossName);
  const optimizer = asLoadError('unknown-optimizer', experiment, () => createOptimizer(settings.config.optimizer, settings.epochs)) as ManagedOptimizer;
  const hasValidation = (data.validation?.count ?? 0) > 0;
  const es = settings.config.earlyStopping;
  const rl = settings.config.reduceLROnPlateau;
  return {
    experiment,
    ...settings,
    data,
    model,
    optimizer,
    shuffle: settings.config.shuffle ?? true,
    earlyStopping: es ? (asLoadError('bad-config', experiment, () => new EarlyStopping(es, { hasValidation })) as EarlyStopping) : undefined,
    reduceLROnPlateau: rl ? (asLoadError('bad-config', experiment, () => new ReduceLROnPlateau(rl, { hasValidation })) as ReduceLROnPlateau) : undefined,
  };
}
