// Turns an experiment from a model file (plus command-line overrides) into everything the loop needs,
// failing early with a LoadError for any bad input.
import * as tf from '@tensorflow/tfjs';
import { defaultParamValue, isParamSpec, type Params } from '../../sdk/params';
import type { DataDescription, Experiment, ExperimentConfig, LossName, MetricName, OptimizerSpec } from '../../sdk/types';
import { FoldError } from '../data/folds';
import { describeData, finishData, loadData, type FinishOptions, type LoadedData } from '../data/prepare';
import { DataError, type ColumnEncoding } from '../data/raw';
import type { PreparedData } from '../data/types';
import { checkExperiment } from '../config/checkExperiment';
import { locateKeyPath } from '../loader/keyLocations';
import { LoadError } from '../loader/errors';
import { userCodeError } from '../loader/evaluate';
import { createOptimizer, type ManagedOptimizer } from '../optim/optimizers';
import { EarlyStopping } from './callbacks/earlyStopping';
import { lossFunction, LOSS_NAMES } from './losses';
import { metricFunction, METRIC_NAMES } from './metrics';
import { ReduceLROnPlateau } from './callbacks/reduceLROnPlateau';
import { checkDataFitsModel } from './shapeCheck';
import { checkIds, embeddingOnInput } from './embeddingInput';

export interface Overrides {
  epochs?: number;
  batchSize?: number;
  seed?: number;
  /** Hyperparameters (a sweep trial's); merged over the sweep's defaults by resolveParams. */
  params?: Params;
  /** Cross-validation fold to validate on. */
  fold?: FoldSelection;
}

/** Validate on fold `index` of `folds` (of the rows not held out for test), train on the others. */
export interface FoldSelection {
  index: number;
  folds: number;
  /** Stratify by class (classification only). Default true. */
  stratified?: boolean;
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
  /** The hyperparameters the model and optimizer functions received. */
  params: Params;
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

/**
 * The run's hyperparameters: the given ones over the defaults of the experiment's sweep params (so a
 * plain run of a swept experiment works). Unknown names are an error when the experiment declares a sweep.
 */
export function resolveParams(experiment: Experiment, given: Params = {}): Params {
  const declared = experiment.config.sweep?.params;
  const params: Params = {};
  if (declared !== undefined) {
    if (typeof declared !== 'object' || declared === null) throw new LoadError('bad-config', `'sweep.params' must be an object of logUniform(...), uniform(...), intUniform(...) or choice([...])`, experiment.location);
    for (const [name, spec] of Object.entries(declared)) {
      if (!isParamSpec(spec)) throw new LoadError('bad-config', `sweep param '${name}' must be logUniform(...), uniform(...), intUniform(...) or choice([...]) from 'modellab', got ${JSON.stringify(spec)}`, experiment.location);
      params[name] = defaultParamValue(spec);
    }
    for (const name of Object.keys(given)) {
      if (!(name in declared)) throw new LoadError('bad-config', `Unknown param '${name}': the sweep of '${experiment.config.name}' declares ${Object.keys(declared).map((n) => `'${n}'`).join(', ') || 'none'}`, experiment.location);
    }
  }
  return { ...params, ...given };
}

/** A number-valued param, or undefined. */
function numberParam(params: Params, name: string): number | undefined {
  const v = params[name];
  return typeof v === 'number' ? v : undefined;
}

/** The parts that need no model: validated numbers, loss and metrics. */
export function resolveSettings(experiment: Experiment, overrides: Overrides = {}) {
  checkExperiment(experiment);
  const config = experiment.config;
  const params = resolveParams(experiment, overrides.params);
  const epochs = positiveInt(overrides.epochs ?? numberParam(params, 'epochs') ?? config.epochs ?? 10, 'epochs', experiment);
  const batchSize = positiveInt(overrides.batchSize ?? numberParam(params, 'batchSize') ?? config.batchSize ?? 32, 'batchSize', experiment);
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
  return { config, epochs, batchSize, seed, params, loss, metrics, metricNames, lossName: config.loss };
}

/** Calls the model function with the run's params and the data's description, with the layer/line of anything it throws. */
export function buildModel(experiment: Experiment, params: Params, data: DataDescription): tf.LayersModel {
  if (typeof experiment.config.model !== 'function') {
    throw new LoadError('bad-config', `'model' must be a function returning a tf.LayersModel`, experiment.location);
  }
  let model: unknown;
  try {
    model = experiment.config.model({ ...params }, structuredClone(data));
  } catch (err) {
    const thrown = userCodeError('model-threw', `model() of '${experiment.config.name}' threw`, err);
    // No frame of the user's files (tfjs threw inside a layer's constructor): the model option's line.
    throw thrown.location ? thrown : new LoadError('model-threw', thrown.message, locateKeyPath(experiment.location!, ['model']) ?? experiment.location);
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

/**
 * The optimizer spec for these params: a function of params is called; otherwise a `learningRate`
 * param replaces the spec's learning rate.
 */
export function optimizerSpecFor(experiment: Experiment, params: Params): OptimizerSpec | undefined {
  const spec = experiment.config.optimizer;
  if (typeof spec === 'function') {
    try {
      return spec({ ...params });
    } catch (err) {
      throw userCodeError('model-threw', `optimizer() of '${experiment.config.name}' threw`, err);
    }
  }
  const lr = params.learningRate;
  if (lr === undefined) return spec;
  if (typeof lr !== 'number') throw new LoadError('bad-config', `param 'learningRate' must be a number, got ${JSON.stringify(lr)}`, experiment.location);
  // Before instanceof: tf.Optimizer's Symbol.hasInstance reads `.minimize` and throws on undefined.
  if (spec === undefined) return { name: 'adam', learningRate: lr };
  if (spec instanceof tf.Optimizer) {
    throw new LoadError('bad-config', `param 'learningRate' cannot change a tf.Optimizer instance: write optimizer: (params) => tf.train.adam(params.learningRate as number)`, experiment.location);
  }
  if (typeof spec === 'string') return { name: spec, learningRate: lr };
  return { ...spec, learningRate: lr };
}

/**
 * The experiment's data, prepared. `finish` says what the model decided (ids for an Embedding are kept raw):
 * a run's own setup decides it from its model; a reload for evaluation or export from the run's record.
 */
export async function prepareData(experiment: Experiment, seed: number, lossName: LossName, fold?: FoldSelection, recorded: RecordedPreparation = {}): Promise<PreparedData> {
  const loaded = await loadExperimentData(experiment, seed, lossName, fold, recorded.encoding);
  return dataStep(experiment, () => finishData(loaded, recorded));
}

/** How a run prepared its data, from its record: a reload (evaluate, export) prepares it the same way. */
export interface RecordedPreparation extends FinishOptions {
  encoding?: ColumnEncoding[];
}

/** Loads and splits the experiment's data (not yet standardized or encoded), with LoadErrors for bad data. */
export async function loadExperimentData(experiment: Experiment, seed: number, lossName: LossName, fold?: FoldSelection, encoding?: ColumnEncoding[]): Promise<LoadedData> {
  const spec = experiment.config.data;
  if (spec === undefined || spec === null) throw new LoadError('bad-config', `'data' is missing: use datasets.digits(), datasets.csv(path) or a function`, experiment.location);
  const normalized = typeof spec === 'function' ? { kind: 'function' as const, fn: spec as never, options: {} } : spec;
  return dataStep(experiment, () => loadData(normalized, { seed, lossName, fold, encoding }));
}

/** Runs a step of data preparation, turning what it throws into a LoadError at the data's line. */
async function dataStep<T>(experiment: Experiment, step: () => T | Promise<T>): Promise<T> {
  const spec = experiment.config.data;
  const normalized = typeof spec === 'function' ? { kind: 'function' as const, fn: spec as never, options: {} } : spec;
  try {
    return await step();
  } catch (err) {
    if (err instanceof LoadError) throw err;
    // Fold settings come from the experiment's crossValidation (or the command line), not the data source.
    if (err instanceof FoldError) throw new LoadError('bad-config', err.message, experiment.location);
    if (normalized.kind === 'function') {
      const at = normalized.callSite ?? experiment.location;
      // What the function returned is checked here (a DataError): that is its data's fault, said at the call.
      if (err instanceof DataError) throw new LoadError('data-error', `The data function of '${experiment.config.name}' returned data Model Lab cannot use: ${err.message}`, at);
      const thrown = userCodeError('data-error', `The data function of '${experiment.config.name}' failed`, err);
      throw thrown.location ? thrown : new LoadError('data-error', thrown.message, at);
    }
    const loc = normalized.kind === 'csv' || normalized.kind === 'images' || normalized.kind === 'builtin' ? normalized.callSite ?? experiment.location : experiment.location;
    const message = err instanceof Error ? err.message : String(err);
    throw new LoadError(/nknown dataset/.test(message) ? 'unknown-dataset' : 'data-error', message, loc);
  }
}

/** Everything the loop needs. The backend must already be active, and Math.random seeded. */
export async function createSetup(experiment: Experiment, overrides: Overrides = {}): Promise<TrainingSetup> {
  const settings = resolveSettings(experiment, overrides);
  const loaded = await loadExperimentData(experiment, settings.seed, settings.lossName, overrides.fold);
  const model = buildModel(experiment, settings.params, describeData(loaded));
  // How the features are prepared depends on the model: ids feeding an Embedding stay ids.
  const embedding = embeddingOnInput(model);
  if (embedding) checkIds(embedding, [{ name: 'train', split: loaded.splits.train }, { name: 'validation', split: loaded.splits.validation }, { name: 'test', split: loaded.splits.test }]);
  const data = await dataStep(experiment, () => finishData(loaded, embedding ? { featuresAreIds: { layer: embedding.layer.name, inputDim: embedding.inputDim } } : {}));
  checkDataFitsModel(model, data, settings.lossName);
  const optimizerSpec = optimizerSpecFor(experiment, settings.params);
  const optimizer = asLoadError('unknown-optimizer', experiment, () => createOptimizer(optimizerSpec, settings.epochs)) as ManagedOptimizer;
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
