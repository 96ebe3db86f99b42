// What diagnostic rules read (the recorded training trace) and what they report (findings).
// Rules are pure functions of these; the engine fills the trace from the probes as training goes.
import type { SourceLocation } from '../../sdk/types';
import type { Finding, FindingTarget, Severity } from '../../protocol/findings';
import type { Histogram, LayerActivationStats, TraceVariable } from '../../protocol/probeStats';

export type { Finding, FindingTarget, Histogram, LayerActivationStats, Severity, TraceVariable };

// ---------------------------------------------------------------- the trace

export type ActivationKind = 'relu-family' | 'sigmoid' | 'tanh' | 'softmax' | 'linear' | 'other';

export interface TraceLayer {
  name: string;
  className: string;
  /** 0-based position in the model's layer list (input to output). */
  index: number;
  activation?: string;
  activationKind: ActivationKind;
  /** Names of this layer's initializers, e.g. { kernel: 'glorotUniform', bias: 'zeros' }. */
  initializers: Record<string, string>;
  trainable: boolean;
  params: number;
  /** The share of its inputs the layer drops while training (Dropout rate; an RNN's dropout/recurrentDropout). */
  dropoutRate?: number;
  /** The option holding that rate (`rate`, `dropout`, `recurrentDropout`). */
  dropoutOption?: string;
  /**
   * The initial kernel's scale against its fan-in: RMS(kernel) × √fan-in. He initialization gives √2, Glorot at most
   * √2, LeCun 1; a `randn` (stddev 1) kernel with 64 inputs gives 8, and each such layer multiplies the signal by it.
   */
  initialKernelGain?: number;
  /** The same for a recurrent layer's recurrent kernel (an orthogonal one gives 1). */
  initialRecurrentGain?: number;
  /**
   * The initial kernel's RMS against Glorot's (√(2 / (fan-in + fan-out))), the smallest of the standard scales:
   * well below 1 the layer shrinks its signal (and its gradient) at every pass.
   */
  initialKernelVsGlorot?: number;
  initialRecurrentVsGlorot?: number;
  /** The L2 weight penalty on the kernel (kernelRegularizer), when it has one. */
  kernelL2?: number;
  location?: SourceLocation;
}

/** Cheap per-step reductions, one entry per trainable variable (aligned with trace.variables). */
export interface StepRecord {
  globalStep: number;
  epoch: number;
  loss: number;
  learningRate: number;
  /** L2 norm of each variable's gradient. */
  gradNorm: number[];
  /** max |g| of each variable's gradient. */
  gradMaxAbs: number[];
  /** L2 norm of each variable after the update. */
  weightNorm: number[];
  /** ‖Δw‖ / ‖w‖ of each variable for this step's update. */
  updateRatio: number[];
  /** Any NaN/Inf in the loss, gradients or weights. */
  nonFinite: boolean;
}

export interface ProbeRecord {
  globalStep: number;
  epoch: number;
  layers: LayerActivationStats[];
  /** Histograms of weights and gradients per variable name. */
  weightHistograms?: Record<string, Histogram>;
  gradientHistograms?: Record<string, Histogram>;
}

export interface EpochRecord {
  epoch: number;
  /** 'loss', 'accuracy', 'val_loss', ... */
  metrics: Record<string, number>;
  learningRate: number;
}

export interface TraceConfig {
  epochs: number;
  batchSize: number;
  stepsPerEpoch: number;
  lossName: string;
  optimizerName: string;
  learningRate: number;
  /** AdamW's decoupled weight decay (w ← w·(1 − lr·λ) every step), when the optimizer has one. */
  weightDecay?: number;
  hasValidation: boolean;
}

/** Facts about the training data the static rules and the under-fitting rule need. */
export interface DataFacts {
  task: 'classification' | 'regression';
  numClasses?: number;
  /** Samples per class in the training split. */
  classCounts?: number[];
  /** Loss of the best constant predictor on the training split (class prior / mean). */
  trivialLoss?: number;
  /** Accuracy of always predicting the most frequent class. */
  chanceAccuracy?: number;
  /** Per-feature mean and std of the raw (pre-normalization) training features. */
  featureMean: number[];
  featureStd: number[];
  /** Whether the engine standardized the features. */
  normalized: boolean;
  /** The features are token ids feeding an Embedding: their scales and constancy say nothing about the data. */
  featuresAreIds?: boolean;
  /** Regression targets: mean and std. */
  targetMean?: number;
  targetStd?: number;
  /** Range of label values (min, max) for classification index targets / 0-1 targets. */
  labelMin?: number;
  labelMax?: number;
  /** Target layout: 'one-hot' | 'index' | 'binary' | 'regression'. */
  targetLayout: 'one-hot' | 'index' | 'binary' | 'regression';
  /** Samples per class in the validation split (classification with a validation split only). */
  validationClassCounts?: number[];
  /** NaN/±Infinity in the prepared splits (after normalization: what training sees); absent when unknown. */
  nonFinite?: NonFiniteFacts;
  /** Training-split features whose values are all equal; absent when unknown. */
  constantFeatures?: ConstantFeatureFacts;
  /** Validation/test rows whose features exactly equal some training row; absent when unknown or no held-out split. */
  leakage?: LeakageFacts;
}

export type SplitName = 'train' | 'validation' | 'test';

export interface NonFiniteSplit {
  split: SplitName;
  rows: number;
  /** Non-finite values in the features and in the targets. */
  featureValues: number;
  targetValues: number;
}

export interface NonFiniteFacts {
  /** One entry per split that has rows (splits without non-finite values report zeros). */
  splits: NonFiniteSplit[];
  /** The first non-finite value met (train, then validation, then test; row-major). */
  first?: { split: SplitName; row: number; column: number; part: 'features' | 'targets'; value: string };
  /** How many feature columns hold a non-finite value in some split. */
  featureColumns: number;
}

export interface ConstantFeatureFacts {
  /** Number of features (flattened columns). */
  features: number;
  /** How many columns are constant in the training split. */
  count: number;
  /** The first (up to) 10 constant column indices (0-based, flattened). */
  indices: number[];
}

export interface LeakageSplit {
  split: 'validation' | 'test';
  rows: number;
  /** Rows of this split whose features equal a (hashed) training row bit for bit. */
  duplicates: number;
}

export interface LeakageFacts {
  splits: LeakageSplit[];
  /** Training rows hashed: all of them unless the dataset is large (then the first ones; see `capped`). */
  trainRowsHashed: number;
  capped: boolean;
}

export interface TrainingTrace {
  config: TraceConfig;
  layers: TraceLayer[];
  variables: TraceVariable[];
  data: DataFacts;
  steps: StepRecord[];
  probes: ProbeRecord[];
  epochs: EpochRecord[];
}

// ---------------------------------------------------------------- rules

export interface RuleMeta<Options> {
  code: string;
  defaultSeverity: Severity;
  /** 'static' rules run once before training on the model, config and data; 'training' rules as it goes. */
  phase: 'static' | 'training';
  /** One line: what it detects. */
  title: string;
  /** The documentation: what it means, why it matters, and exactly when it fires (thresholds). */
  docs: string;
  /** Fixes in order of how likely they help. */
  fixes: string[];
  defaultOptions: Options;
  /**
   * Symptom codes this rule's finding explains (a cause: dead units explain underfitting). At the run's end a
   * standing symptom finding is folded into the cause that explains it: it names the cause and takes its fixes.
   */
  explains?: string[];
}

export interface Rule<Options extends object = Record<string, number>> {
  meta: RuleMeta<Options>;
  /** Pure: the findings this trace shows (usually 0 or 1, never repeated for the same layer). */
  check(trace: TrainingTrace, options: Options): Finding[];
  /**
   * For findings that can stop holding (a plateau the model later left): checked on the whole trace at the
   * run's end, returns from when the finding no longer held, or undefined while it still holds.
   */
  resolve?(trace: TrainingTrace, finding: Finding, options: Options): { epoch: number; step?: number } | undefined;
}
