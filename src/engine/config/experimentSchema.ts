// The schema of every object the model-file API takes (src/sdk/types.ts): the experiment, each dataset's
// options, the optimizer and its learning-rate schedules, the callbacks, probes, sweeps and cross-validation.
// Checked before anything loads or trains (checkExperiment), so a typo is an error at its line, never a
// silently ignored setting; the README's option tables are made from the same fields.
import { isParamSpec } from '../../sdk/params';
import type { BuiltinDatasetName, DataSpec, OptimizerName } from '../../sdk/types';
import { OPTIMIZER_NAMES } from '../optim/defaults';
import { LOSS_NAMES } from '../train/losses';
import { METRIC_NAMES } from '../train/metrics';
import { anyOf, arrayOf, bool, describeSchema, func, isPlainObject, num, object, oneOfValues, opaque, recordOf, str, type Field, type Schema } from './schema';

const fraction: Schema = num({ min: 0, max: 1, maxExclusive: true });
const positiveInt: Schema = num({ integer: true, min: 1 });
const wholeNumber: Schema = num({ integer: true });
const shape: Schema = arrayOf(positiveInt, 1);
const workers: Schema = anyOf("a whole number ≥ 1 or 'auto'", { test: (v) => v === 'auto', schema: oneOfValues(['auto']) }, { test: (v) => typeof v === 'number', schema: positiveInt });

const datasetFields: Record<string, Field> = {
  validationSplit: { schema: fraction, help: 'fraction of the rows held out for validation (seeded)', default: '0' },
  testSplit: { schema: fraction, help: 'fraction held out as a test set that training never reads (`modellab evaluate`)', default: '0' },
  normalize: { schema: bool, help: "standardize features with the training split's statistics", default: 'true' },
  normalizeTargets: { schema: bool, help: 'standardize regression targets with the training split\'s statistics', default: 'false' },
  limit: { schema: positiveInt, help: 'keep only the first N training rows (after shuffling)' },
  oneHot: { schema: bool, help: 'one-hot encode class labels', default: 'true for classification' },
  seed: { schema: wholeNumber, help: 'seed for shuffling, splits and synthetic data', default: "the experiment's" },
};
const syntheticFields: Record<string, Field> = {
  ...datasetFields,
  samples: { schema: positiveInt, help: 'number of samples to generate' },
  noise: { schema: num({ min: 0 }), help: "noise level (standard deviation, in the data's units)" },
};

export const DATASET_OPTIONS = object('dataset options', datasetFields);
const DIGITS_OPTIONS = object('datasets.digits() options', { ...datasetFields, shape: { schema: shape, help: 'feature shape per sample: [64] or [8, 8, 1] for convolutional models', default: '[64]' } });
const SYNTHETIC_OPTIONS = object('synthetic dataset options', syntheticFields);
const SPIRALS_OPTIONS = object('datasets.spirals() options', { ...syntheticFields, classes: { schema: num({ integer: true, min: 2 }), help: 'number of spiral arms (classes)', default: '3' } });
export const CSV_OPTIONS = object('datasets.csv() options', {
  ...datasetFields,
  target: { schema: anyOf('a column name or a 0-based column index', { test: (v) => typeof v === 'string', schema: str }, { test: (v) => typeof v === 'number', schema: num({ integer: true, min: 0 }) }), help: 'the target column: a header name or a 0-based index', default: 'the last column' },
  task: { schema: oneOfValues(['classification', 'regression']), help: 'what the target is', default: 'classification when it holds few distinct integers' },
  shape: { schema: shape, help: 'feature shape per sample, e.g. [8, 8, 1]', default: 'flat' },
  missing: { schema: oneOfValues(['error', 'drop', 'fill']), help: "empty cells (or NA, N/A, null, ?): name the cell, leave the row out, or fill it (text columns: a '(missing)' category)", default: "'error'" },
  fillValue: { schema: num(), help: "the value missing: 'fill' puts in a numeric cell", default: '0' },
  categorical: { schema: oneOfValues(['onehot', 'index']), help: 'how text columns are encoded: one column per category, or the category\'s index', default: "'onehot'" },
  columns: { schema: recordOf(oneOfValues(['number', 'onehot', 'index', 'ignore'])), help: "per column by header name: 'number', 'onehot', 'index' or 'ignore'", default: 'inferred: numbers, else categorical' },
});

export const IMAGES_OPTIONS = object('datasets.images() options', {
  ...datasetFields,
  size: { schema: arrayOf(num({ integer: true, min: 1, max: 4096 }), 2), help: '[height, width] every image is resized to (bilinear)', default: 'the first image\'s size' },
  grayscale: { schema: bool, help: 'one channel (luminance) instead of red, green and blue', default: 'false' },
});

/** The options schema of each built-in dataset (by its `datasets.<name>()`). */
export const BUILTIN_DATASET_OPTIONS: Record<BuiltinDatasetName, Extract<Schema, { kind: 'object' }>> = {
  digits: DIGITS_OPTIONS,
  iris: object('datasets.iris() options', datasetFields),
  breastCancer: object('datasets.breastCancer() options', datasetFields),
  wine: object('datasets.wine() options', datasetFields),
  diabetes: object('datasets.diabetes() options', datasetFields),
  xor: object('datasets.xor() options', syntheticFields),
  moons: object('datasets.moons() options', syntheticFields),
  circles: object('datasets.circles() options', syntheticFields),
  spirals: SPIRALS_OPTIONS,
  sine: object('datasets.sine() options', syntheticFields),
};

const scheduleBase: Record<string, Field> = {
  schedule: { schema: oneOfValues(['step', 'exponential', 'cosine']), help: 'the shape of the schedule', required: true },
  initial: { schema: num({ min: 0, minExclusive: true }), help: 'learning rate at the start (after warm-up)', required: true },
  warmupEpochs: { schema: num({ min: 0 }), help: 'linear warm-up from 0 over this many epochs', default: '0' },
};
export const SCHEDULES: Record<'step' | 'exponential' | 'cosine', Extract<Schema, { kind: 'object' }>> = {
  step: object("learning-rate schedule 'step'", { ...scheduleBase, stepEpochs: { schema: num({ min: 0, minExclusive: true }), help: 'multiply by gamma every this many epochs', required: true }, gamma: { schema: num({ min: 0, minExclusive: true }), help: 'the factor', default: '0.1' } }),
  exponential: object("learning-rate schedule 'exponential'", { ...scheduleBase, decayRate: { schema: num({ min: 0, minExclusive: true }), help: 'lr = initial · decayRate^(epoch / decayEpochs)', required: true }, decayEpochs: { schema: num({ min: 0, minExclusive: true }), help: 'epochs per decay step', default: '1' } }),
  cosine: object("learning-rate schedule 'cosine'", { ...scheduleBase, minLearningRate: { schema: num({ min: 0 }), help: 'floor of the cosine', default: '0' }, periodEpochs: { schema: num({ min: 0, minExclusive: true }), help: 'length of the cosine in epochs', default: "the experiment's epochs" } }),
};
const schedule: Schema = anyOf(
  "a positive number or a schedule { schedule: 'step' | 'exponential' | 'cosine', initial, … }",
  { test: (v) => typeof v === 'number', schema: num({ min: 0, minExclusive: true }) },
  ...(['step', 'exponential', 'cosine'] as const).map((name) => ({ test: (v: unknown) => isPlainObject(v) && v.schedule === name, schema: SCHEDULES[name] })),
  { test: isPlainObject, schema: object('learning-rate schedule', scheduleBase) },
);

const commonOptimizerFields: Record<string, Field> = {
  name: { schema: oneOfValues(OPTIMIZER_NAMES), help: 'the optimizer', required: true },
  learningRate: { schema: schedule, help: 'a number or a schedule', default: "the optimizer's Keras default" },
  clipNorm: { schema: num({ min: 0, minExclusive: true }), help: 'clip each gradient tensor to this L2 norm (Keras clipnorm)' },
  globalClipNorm: { schema: num({ min: 0, minExclusive: true }), help: 'clip all gradients together to this L2 norm' },
  clipValue: { schema: num({ min: 0, minExclusive: true }), help: 'clip every gradient element to [−clipValue, clipValue]' },
};
const beta = (which: string, d: string): Field => ({ schema: fraction, help: `${which} moment decay`, default: d });
const epsilon: Field = { schema: num({ min: 0, minExclusive: true }), help: 'numerical stability term', default: '1e-7' };
/** What each optimizer reads, besides the common keys: giving another optimizer's option is an error. */
export const OPTIMIZER_OPTIONS: Record<OptimizerName, Extract<Schema, { kind: 'object' }>> = {
  sgd: object("optimizer 'sgd'", { ...commonOptimizerFields, momentum: { schema: fraction, help: 'momentum factor', default: '0' }, nesterov: { schema: bool, help: 'Nesterov momentum', default: 'false' } }),
  momentum: object("optimizer 'momentum'", { ...commonOptimizerFields, momentum: { schema: fraction, help: 'momentum factor', default: '0.9' }, nesterov: { schema: bool, help: 'Nesterov momentum', default: 'false' } }),
  adagrad: object("optimizer 'adagrad'", { ...commonOptimizerFields, initialAccumulatorValue: { schema: num({ min: 0 }), help: 'starting value of the accumulators', default: '0.1' } }),
  adadelta: object("optimizer 'adadelta'", { ...commonOptimizerFields, rho: { schema: fraction, help: 'decay rate', default: '0.95' }, epsilon }),
  rmsprop: object("optimizer 'rmsprop'", { ...commonOptimizerFields, rho: { schema: fraction, help: 'decay rate', default: '0.9' }, momentum: { schema: fraction, help: 'momentum', default: '0' }, epsilon, centered: { schema: bool, help: 'centered RMSprop', default: 'false' } }),
  adam: object("optimizer 'adam'", { ...commonOptimizerFields, beta1: beta('first', '0.9'), beta2: beta('second', '0.999'), epsilon }),
  adamax: object("optimizer 'adamax'", { ...commonOptimizerFields, beta1: beta('first', '0.9'), beta2: beta('second', '0.999'), epsilon }),
  adamw: object("optimizer 'adamw'", {
    ...commonOptimizerFields,
    beta1: beta('first', '0.9'),
    beta2: beta('second', '0.999'),
    epsilon,
    weightDecay: { schema: num({ min: 0 }), help: 'decoupled weight decay coefficient', default: '0.01' },
    decayBiases: { schema: bool, help: 'also decay 1-D variables (biases, BatchNorm γ/β)', default: 'false' },
  }),
};

/** The optimizer as a name, an options object (checked against its optimizer's keys) or a tf.Optimizer. */
export const OPTIMIZER: Schema = anyOf(
  `an optimizer name (${OPTIMIZER_NAMES.join(', ')}), { name, learningRate, … } or a tf.Optimizer`,
  { test: (v) => typeof v === 'string', schema: oneOfValues(OPTIMIZER_NAMES) },
  ...OPTIMIZER_NAMES.map((name) => ({ test: (v: unknown) => isPlainObject(v) && v.name === name, schema: OPTIMIZER_OPTIONS[name] })),
  { test: isPlainObject, schema: object('optimizer options', { name: commonOptimizerFields.name }) },
  { test: (v) => typeof v === 'object' && v !== null && typeof (v as { minimize?: unknown }).minimize === 'function', schema: opaque('a tf.Optimizer') },
);

export const EARLY_STOPPING = object('earlyStopping', {
  monitor: { schema: str, help: 'the metric to watch', default: "'val_loss' ('loss' without validation)" },
  patience: { schema: num({ integer: true, min: 0 }), help: 'epochs without improvement before stopping', default: '10' },
  minDelta: { schema: num({ min: 0 }), help: 'smallest change that counts as an improvement', default: '0' },
  restoreBest: { schema: bool, help: 'restore the best epoch\'s weights when stopping', default: 'false' },
});
export const REDUCE_LR_ON_PLATEAU = object('reduceLROnPlateau', {
  monitor: { schema: str, help: 'the metric to watch', default: "'val_loss' ('loss' without validation)" },
  factor: { schema: num({ min: 0, max: 1, minExclusive: true, maxExclusive: true }), help: 'multiply the learning rate by this', default: '0.1' },
  patience: { schema: num({ integer: true, min: 0 }), help: 'epochs without improvement before reducing', default: '10' },
  minDelta: { schema: num({ min: 0 }), help: 'smallest change that counts as an improvement', default: '0' },
  cooldown: { schema: num({ integer: true, min: 0 }), help: 'epochs to wait after a reduction', default: '0' },
  minLearningRate: { schema: num({ min: 0 }), help: 'the floor', default: '0' },
});
export const PROBES = object('probes', {
  everySteps: { schema: positiveInt, help: 'steps between activation probes', default: 'about four per epoch' },
  batchSize: { schema: positiveInt, help: 'samples in the fixed probe batch', default: '64' },
  histograms: { schema: bool, help: 'record histograms of activations, weights and gradients', default: 'true' },
});
const paramSpec: Schema = anyOf('logUniform(…), uniform(…), intUniform(…) or choice([…]) from \'modellab\'', { test: isParamSpec, schema: opaque('a param spec') });
export const SWEEP = object('sweep', {
  method: { schema: oneOfValues(['grid', 'random']), help: 'grid: every combination; random: seeded draws', required: true },
  trials: { schema: positiveInt, help: 'random: how many trials; grid: at most this many combinations', default: '10 (random), all (grid)' },
  params: { schema: recordOf(paramSpec), help: 'the search space, by param name', required: true },
  metric: { schema: str, help: 'the metric that picks the best trial', default: "'val_loss'" },
  goal: { schema: oneOfValues(['minimize', 'maximize']), help: 'which way is better', default: 'maximize for accuracy-like metrics' },
  gridPoints: { schema: num({ integer: true, min: 2 }), help: 'grid: values per range', default: '3' },
  parallel: { schema: workers, help: 'trials trained at once', default: '1' },
});
export const CROSS_VALIDATION = object('crossValidation', {
  folds: { schema: num({ integer: true, min: 2 }), help: 'number of folds', required: true },
  stratified: { schema: bool, help: "keep each class's share the same in every fold", default: 'true for classification' },
  parallel: { schema: workers, help: 'folds trained at once', default: '1' },
});

const orBoolean = (schema: Extract<Schema, { kind: 'object' }>): Schema =>
  anyOf(`true, false or ${schema.name} options`, { test: (v) => typeof v === 'boolean', schema: bool }, { test: isPlainObject, schema });

export const EXPERIMENT = object('experiment', {
  name: { schema: str, help: 'the experiment\'s name (in runs, the tree, --experiment)', required: true },
  description: { schema: str, help: 'a line about it' },
  data: { schema: opaque('datasets.*(…), fromFunction(…) or a function returning { train, validation?, test }'), help: 'the data', required: true },
  model: { schema: func, help: '(params, data) => tf.LayersModel; data describes the prepared data (inputShape, numClasses, classNames)', required: true },
  optimizer: { schema: anyOf('an optimizer or (params) => optimizer', { test: (v) => typeof v === 'function', schema: func }, { test: () => true, schema: OPTIMIZER }), help: 'the optimizer', default: "'adam'" },
  loss: { schema: oneOfValues(LOSS_NAMES), help: 'the loss', required: true },
  metrics: { schema: arrayOf(oneOfValues(METRIC_NAMES)), help: 'metrics reported per epoch', default: '[]' },
  epochs: { schema: positiveInt, help: 'epochs to train', default: '10' },
  batchSize: { schema: positiveInt, help: 'samples per step', default: '32' },
  seed: { schema: wholeNumber, help: 'seed for weights, shuffles and splits', default: '42' },
  earlyStopping: { schema: orBoolean(EARLY_STOPPING), help: 'stop when the monitored metric stops improving' },
  reduceLROnPlateau: { schema: orBoolean(REDUCE_LR_ON_PLATEAU), help: 'lower the learning rate on a plateau' },
  shuffle: { schema: bool, help: 'reshuffle the training rows every epoch', default: 'true' },
  probes: { schema: anyOf('false or probes options', { test: (v) => v === false, schema: oneOfValues([false]) }, { test: () => true, schema: PROBES }), help: 'what to record inside the network; false turns probes off' },
  diagnostics: { schema: recordOf(anyOf("'off' or an options object", { test: (v) => v === 'off', schema: oneOfValues(['off']) }, { test: () => true, schema: recordOf(anyOf('a number or true/false', { test: (v) => typeof v === 'boolean', schema: bool }, { test: () => true, schema: num() })) })), help: "per-rule settings: { 'dead-relu': { threshold: 0.6 } } or 'off'" },
  stopOnDivergence: { schema: bool, help: 'stop the run on NaN/Inf or an exploding loss', default: 'true' },
  sweep: { schema: SWEEP, help: 'a hyperparameter search (`modellab sweep`)' },
  crossValidation: { schema: CROSS_VALIDATION, help: 'k-fold cross-validation (`modellab cross-validate`)' },
});

/** The options schema of a data spec, and the name to report it under. */
export function dataOptionsSchema(spec: DataSpec): Extract<Schema, { kind: 'object' }> {
  if (spec.kind === 'builtin') return BUILTIN_DATASET_OPTIONS[spec.name] ?? DATASET_OPTIONS;
  if (spec.kind === 'csv') return CSV_OPTIONS;
  if (spec.kind === 'images') return IMAGES_OPTIONS;
  return object('fromFunction() options', datasetFields);
}

/** The README's reference of every model-file option (between its options-reference markers). */
export function optionsReference(): string {
  const table = (schema: Extract<Schema, { kind: 'object' }>, only?: string[]): string[] => [
    '| key | value | meaning | default |',
    '| --- | --- | --- | --- |',
    ...Object.entries(schema.fields)
      .filter(([key]) => !only || only.includes(key))
      .map(([key, f]) => `| \`${key}\`${f.required ? ' (required)' : ''} | ${cell(describeSchema(f.schema))} | ${cell(f.help)} | ${f.default ? cell(f.default) : ''} |`),
    '',
  ];
  const common = Object.keys(datasetFields);
  const extra = (schema: Extract<Schema, { kind: 'object' }>) => Object.keys(schema.fields).filter((k) => !common.includes(k));
  const out: string[] = ['#### `experiment({ … })`', '', ...table(EXPERIMENT), '#### Dataset options (every dataset)', '', ...table(DATASET_OPTIONS)];
  out.push('Besides those: ' + [
    ['`datasets.digits()`', extra(DIGITS_OPTIONS)],
    ['`xor()`, `moons()`, `circles()`, `sine()`', extra(SYNTHETIC_OPTIONS)],
    ['`spirals()`', extra(SPIRALS_OPTIONS)],
  ].map(([name, keys]) => `${name} take ${(keys as string[]).map((k) => `\`${k}\``).join(', ')}`).join('; ') + '.', '');
  out.push('#### `datasets.csv(path, { … })`', '', ...table(CSV_OPTIONS, extra(CSV_OPTIONS)));
  out.push("#### `datasets.images(folder, { … })`", '', ...table(IMAGES_OPTIONS, extra(IMAGES_OPTIONS)));
  out.push('#### `optimizer: { name, … }`', '', ...table(OPTIMIZER_OPTIONS.adam, Object.keys(commonOptimizerFields)));
  out.push('| optimizer | its own options |', '| --- | --- |', ...OPTIMIZER_NAMES.map((n) => `| \`${n}\` | ${Object.keys(OPTIMIZER_OPTIONS[n].fields).filter((k) => !(k in commonOptimizerFields)).map((k) => `\`${k}\``).join(', ') || '–'} |`), '');
  for (const [name, schema] of Object.entries(SCHEDULES)) out.push(`#### \`learningRate: { schedule: '${name}', … }\``, '', ...table(schema));
  for (const [key, schema] of [['earlyStopping', EARLY_STOPPING], ['reduceLROnPlateau', REDUCE_LR_ON_PLATEAU], ['probes', PROBES], ['sweep', SWEEP], ['crossValidation', CROSS_VALIDATION]] as const) {
    out.push(`#### \`${key}: { … }\``, '', ...table(schema));
  }
  return out.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
