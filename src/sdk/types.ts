// The model-file API: what a user writes in `experiment({...})`.
// These types are a public contract; extend them, never rename fields.
import type * as tf from '@tensorflow/tfjs';
import type { ParamSpec, Params } from './params';

/** A tensor or (nested) plain array of numbers, as a model file may hand us data. */
export type TensorLike = tf.Tensor | number[] | number[][] | number[][][] | number[][][][] | Float32Array;

export interface XY {
  x: TensorLike;
  y: TensorLike;
}

/** What a data function returns. */
export interface DataSplits {
  train: XY;
  validation?: XY;
  test?: XY;
}

export type Task = 'classification' | 'regression';

/** Options shared by every dataset. */
export interface DatasetOptions {
  /** Fraction of the rows held out for validation (seeded). Default 0 for built-ins unless given. */
  validationSplit?: number;
  /** Fraction of the rows held out as a test set, never used in training. Default 0. */
  testSplit?: number;
  /** Standardize features with statistics of the training split. Default true. */
  normalize?: boolean;
  /** Standardize regression targets with train-split statistics (losses are then in target std units). Default false. */
  normalizeTargets?: boolean;
  /** Keep only the first N training rows (after shuffling). */
  limit?: number;
  /** One-hot encode class labels. Default true for classification. */
  oneHot?: boolean;
  /** Seed for shuffling and synthetic generation; defaults to the experiment's seed. */
  seed?: number;
}

export interface DigitsOptions extends DatasetOptions {
  /** Feature shape per sample: [64] (default) or [8, 8, 1] for convolutional models. */
  shape?: number[];
}

export interface SyntheticOptions extends DatasetOptions {
  /** Number of samples to generate. */
  samples?: number;
  /** Noise level (standard deviation, in the data's units). */
  noise?: number;
}

export interface SpiralsOptions extends SyntheticOptions {
  /** Number of spiral arms (classes). Default 3. */
  classes?: number;
}

export interface CsvOptions extends DatasetOptions {
  /** Target column: a header name or a 0-based column index. Default: the last column. */
  target?: string | number;
  /** Default: classification when the target holds few distinct integers, else regression. */
  task?: Task;
  /** Feature shape per sample, e.g. [8, 8, 1]; default flat. */
  shape?: number[];
  /** Empty cells (or NA, N/A, null, ?): 'error' (default) names the cell; 'drop' leaves the row out; 'fill' uses `fillValue` (text columns: a '(missing)' category). */
  missing?: 'error' | 'drop' | 'fill';
  /** The value `missing: 'fill'` puts in a numeric cell. Default 0. */
  fillValue?: number;
  /** How text columns are encoded unless `columns` says: 'onehot' (default, one column per category) or 'index'. */
  categorical?: 'onehot' | 'index';
  /** Per column (by header name): 'number', 'onehot', 'index' or 'ignore'. Others: numbers when every cell is one, else `categorical`. */
  columns?: Record<string, 'number' | 'onehot' | 'index' | 'ignore'>;
}

export interface ImagesOptions extends DatasetOptions {
  /** [height, width] every image is resized to (bilinear). Default: the size of the first image. */
  size?: number[];
  /** One channel (luminance) instead of red, green and blue. Default false. */
  grayscale?: boolean;
}

/** Lazy description of a dataset; the engine resolves it with the experiment's seed. */
export type DataSpec =
  | { kind: 'builtin'; name: BuiltinDatasetName; options: DatasetOptions & { shape?: number[]; samples?: number; noise?: number; classes?: number }; callSite?: SourceLocation }
  | { kind: 'csv'; path: string; resolvedPath: string; options: CsvOptions; callSite?: SourceLocation }
  | { kind: 'function'; fn: () => DataSplits | Promise<DataSplits>; options: DatasetOptions; callSite?: SourceLocation }
  /** A folder of images, one subfolder per class (its name is the class name). */
  | { kind: 'images'; path: string; resolvedPath: string; options: ImagesOptions; callSite?: SourceLocation };

export type BuiltinDatasetName =
  | 'digits' | 'iris' | 'breastCancer' | 'wine' | 'diabetes'
  | 'xor' | 'moons' | 'circles' | 'spirals' | 'sine';

export type OptimizerName = 'sgd' | 'momentum' | 'adagrad' | 'adadelta' | 'rmsprop' | 'adam' | 'adamax' | 'adamw';

export interface ScheduleBase {
  /** Learning rate at the start (after warm-up). */
  initial: number;
  /** Linear warm-up from 0 to `initial` over this many epochs (fractional allowed). */
  warmupEpochs?: number;
}
export interface StepSchedule extends ScheduleBase {
  schedule: 'step';
  /** Multiply by `gamma` every `stepEpochs` epochs. */
  stepEpochs: number;
  gamma?: number;
}
export interface ExponentialSchedule extends ScheduleBase {
  schedule: 'exponential';
  /** lr = initial · decayRate^(epoch / decayEpochs). */
  decayRate: number;
  decayEpochs?: number;
}
export interface CosineSchedule extends ScheduleBase {
  schedule: 'cosine';
  /** Floor of the cosine; default 0. */
  minLearningRate?: number;
  /** Length of the cosine in epochs; default the experiment's epochs. */
  periodEpochs?: number;
}
export type LearningRateSchedule = StepSchedule | ExponentialSchedule | CosineSchedule;

export interface OptimizerOptions {
  name: OptimizerName;
  learningRate?: number | LearningRateSchedule;
  /** Clip each gradient tensor to this L2 norm (Keras `clipnorm`). */
  clipNorm?: number;
  /** Clip all gradients together to this global L2 norm (Keras `global_clipnorm`). */
  globalClipNorm?: number;
  /** Clip every gradient element to [-clipValue, clipValue]. */
  clipValue?: number;
  /** momentum: momentum factor (default 0.9); rmsprop: momentum (default 0). */
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** rmsprop decay (rho). */
  rho?: number;
  /** rmsprop centered. */
  centered?: boolean;
  /** adamw: decoupled weight decay coefficient (default 0.01). */
  weightDecay?: number;
  /** adamw: also decay 1-D variables (biases, BatchNorm γ/β). Default false. */
  decayBiases?: boolean;
  /** adagrad initial accumulator value (default 0.1). */
  initialAccumulatorValue?: number;
}

export type OptimizerSpec = OptimizerName | OptimizerOptions | tf.Optimizer;

export type LossName =
  | 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy'
  | 'meanSquaredError' | 'meanAbsoluteError' | 'huber';
export type MetricName = 'accuracy' | 'mse' | 'mae';

export interface EarlyStoppingOptions {
  /** Metric to watch; default 'val_loss' (falls back to 'loss' without validation). */
  monitor?: string;
  /** Epochs without improvement before stopping. Default 10. */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Restore the weights of the best epoch when stopping. Default false. */
  restoreBest?: boolean;
}

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** Multiply the learning rate by this. Default 0.1. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 10. */
  patience?: number;
  minDelta?: number;
  cooldown?: number;
  minLearningRate?: number;
}

/**
 * The prepared data as the model function sees it (`model: (params, data) => …`), so a model can be built for
 * data it did not count by hand: the features' shape per sample, the classes, the split sizes.
 */
export interface DataDescription {
  /** Shape of one sample's features, e.g. [64], [8, 8, 1] or [20] (token ids): the first layer's `inputShape`. */
  inputShape: number[];
  task: Task;
  /** Classification: the number of classes (the output layer's units for a softmax). */
  numClasses?: number;
  /** Classification: the class names, in class-index order, where the data has them. */
  classNames?: string[];
  /** Regression: the shape of one target. */
  outputShape?: number[];
  /** Feature (column) names, where the data has them. */
  featureNames?: string[];
  samples: { train: number; validation: number; test: number };
}

export interface ExperimentConfig {
  name: string;
  description?: string;
  data: DataSpec;
  /**
   * Builds the model. Receives the run's hyperparameters (a sweep's sampled ones; `{}` without a sweep) and
   * the prepared data's description (`data.inputShape`, `data.numClasses`, `data.classNames`).
   */
  model: (params: Params, data: DataDescription) => tf.LayersModel;
  /** An optimizer, or a function of the run's hyperparameters returning one. */
  optimizer?: OptimizerSpec | ((params: Params) => OptimizerSpec);
  loss: LossName;
  metrics?: MetricName[];
  epochs?: number;
  batchSize?: number;
  seed?: number;
  earlyStopping?: EarlyStoppingOptions | boolean;
  reduceLROnPlateau?: ReduceLROnPlateauOptions | boolean;
  /** Shuffle the training set every epoch. Default true. */
  shuffle?: boolean;
  /** What to record inside the network while it trains; `false` turns probes (and the training-time rules) off. */
  probes?: ProbeOptions | false;
  /** Per-rule settings: `{ 'dead-relu': { threshold: 0.6 } }`, or `'off'`. */
  diagnostics?: Record<string, 'off' | Record<string, number | boolean>>;
  /** Stop the run when the loss or weights diverge (NaN/Inf, or 100× the first epoch's loss). Default true. */
  stopOnDivergence?: boolean;
  /** A hyperparameter search run by `modellab sweep` (or Model Lab: Run Sweep). */
  sweep?: SweepConfig;
  /** K-fold cross-validation run by `modellab cross-validate` (or Model Lab: Cross-Validate). */
  crossValidation?: CrossValidationConfig;
}

/**
 * A hyperparameter sweep. Each trial is one run whose `model` and `optimizer` functions receive the
 * sampled params. Params named `learningRate`, `batchSize` or `epochs` also set those directly (the
 * learning rate only when `optimizer` is not a function, which then decides for itself).
 */
export interface SweepConfig {
  /** 'grid': every combination (ranges give `gridPoints` values each); 'random': `trials` seeded draws. */
  method: 'grid' | 'random';
  /** random: how many trials (default 10). grid: at most this many of the grid's combinations (default all). */
  trials?: number;
  params: Record<string, ParamSpec>;
  /** The metric that picks the best trial. Default 'val_loss' ('loss' without validation). */
  metric?: string;
  /** Default: 'maximize' for accuracy-like metrics, else 'minimize'. */
  goal?: 'minimize' | 'maximize';
  /** Grid only: values per uniform/logUniform/intUniform range. Default 3. */
  gridPoints?: number;
  /** Trials trained at once, each in its own process. Default 1; 'auto' uses half the cores. */
  parallel?: number | 'auto';
}

/** K-fold cross-validation: one run per fold, each validating on a different fold of the non-test rows. */
export interface CrossValidationConfig {
  /** Number of folds, 2 or more. */
  folds: number;
  /** Keep each class's share the same in every fold. Default true for classification. */
  stratified?: boolean;
  /** Folds trained at once, each in its own process. Default 1; 'auto' uses half the cores. */
  parallel?: number | 'auto';
}
export interface ProbeOptions {
  /**
   * Steps between activation probes. Default: about 4 per epoch, at least every 50 steps, spaced
   * out where a probe would take more than 5% of the training time (at least one per epoch).
   * A number given here is kept exactly.
   */
  everySteps?: number;
  /** Samples in the fixed probe batch (taken from the training data). Default 64. */
  batchSize?: number;
  /** Record histograms: of activations at each probe, of weights and gradients at the first probe of each epoch. Default true. */
  histograms?: boolean;
}

/** Where in the user's source something was written (1-based line and column). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export const EXPERIMENT_BRAND = Symbol.for('modellab.experiment');

/** What `experiment()` returns: the config plus where it was declared. */
export interface Experiment {
  readonly [EXPERIMENT_BRAND]: true;
  readonly config: ExperimentConfig;
  readonly location?: SourceLocation;
}
