// What `modellab lr-find`, `sweep` and `cross-validate` print with --json (one object per line, the last
// one the summary), and what the extension reads from them. Public contract: extend, never rename.
import type { ParamSpec, Params } from '../sdk/params';
import type { EpochEvent, Metrics, RunFinishedEvent, RunStartedEvent, RunStatus } from './events';
import type { GroupStatus } from './groupRecord';

// ---------------------------------------------------------------- learning-rate finder

export interface LrFindStartedEvent {
  type: 'lr-find-started';
  experiment: string;
  file: string;
  minLearningRate: number;
  maxLearningRate: number;
  /** Most steps the range test takes (it stops earlier when the loss explodes). */
  steps: number;
  batchSize: number;
}

export interface LrFindStepEvent {
  type: 'lr-find-step';
  step: number;
  learningRate: number;
  loss: number;
  /** Bias-corrected exponential moving average of the loss (the curve the suggestion is read from). */
  smoothedLoss: number;
}

export interface LrFindFinishedEvent {
  type: 'lr-find-finished';
  experiment: string;
  file: string;
  /** The suggestion: the steepest descent of the smoothed curve (falls back to min-loss/10). */
  suggestedLearningRate: number;
  suggestions: {
    /** Where the smoothed loss falls fastest per log-step of the learning rate. */
    steepest?: number;
    /** The learning rate of the smallest smoothed loss, divided by 10. */
    minLossDividedBy10?: number;
  };
  /** [learningRate, loss] per step, raw. */
  curve: [number, number][];
  /** [learningRate, smoothedLoss] per finite step: the lag-free (forward-backward EMA) curve the suggestion is read from. */
  smoothed: [number, number][];
  /** Why it stopped: the loss exploded (above 4× its best), or the sweep reached the max rate. */
  stoppedBecause: 'diverged' | 'max-learning-rate' | 'non-finite-loss';
  /** The experiment's own initial learning rate, for comparison (absent for a tf.Optimizer instance). */
  currentLearningRate?: number;
  /** Where the optimizer's learning rate is written in the model file, for the quick action. */
  location?: { file: string; line: number; column: number };
}

// ---------------------------------------------------------------- sweeps

export interface SweepStartedEvent {
  type: 'sweep-started';
  sweepId: string;
  experiment: string;
  file: string;
  method: 'grid' | 'random';
  space: Record<string, ParamSpec>;
  /** Each planned trial's params, in order. */
  trials: Params[];
  metric: string;
  goal: 'minimize' | 'maximize';
  parallel: number;
}

export interface TrialStartedEvent {
  type: 'trial-started';
  sweepId: string;
  trial: number;
  runId: string;
  params: Params;
}

export interface TrialFinishedEvent {
  type: 'trial-finished';
  sweepId: string;
  trial: number;
  runId: string;
  params: Params;
  status: RunStatus;
  metrics: Metrics;
}

export interface SweepTrialSummary {
  runId: string;
  trial: number;
  params: Params;
  status: RunStatus;
  metrics: Metrics;
}

export interface SweepFinishedEvent {
  type: 'sweep-finished';
  sweepId: string;
  status: GroupStatus;
  metric: string;
  goal: 'minimize' | 'maximize';
  trials: SweepTrialSummary[];
  /** The finished trial with the best `metric`; absent when none finished with it. */
  best?: SweepTrialSummary;
}

// ---------------------------------------------------------------- cross-validation

export interface CrossValidationStartedEvent {
  type: 'cross-validation-started';
  cvId: string;
  experiment: string;
  file: string;
  folds: number;
  stratified: boolean;
  parallel: number;
}

export interface FoldStartedEvent {
  type: 'fold-started';
  cvId: string;
  fold: number;
  runId: string;
}

export interface FoldFinishedEvent {
  type: 'fold-finished';
  cvId: string;
  fold: number;
  runId: string;
  status: RunStatus;
  metrics: Metrics;
}

export interface CrossValidationFinishedEvent {
  type: 'cross-validation-finished';
  cvId: string;
  status: GroupStatus;
  folds: number;
  runs: { runId: string; fold: number; status: RunStatus; metrics: Metrics }[];
  /** Over the completed folds, per metric. */
  mean: Metrics;
  /** Sample standard deviation (n − 1) over the completed folds, per metric. */
  std: Metrics;
}

/** A trial's run-started, epoch and run-finished events as `sweep --json` relays them (batch, probe and log events are not relayed). */
export type TrialTrainingEvent = (RunStartedEvent | EpochEvent | RunFinishedEvent) & { sweepId: string; trial: number; runId: string };

/** A fold's run-started, epoch and run-finished events as `cross-validate --json` relays them. */
export type FoldTrainingEvent = (RunStartedEvent | EpochEvent | RunFinishedEvent) & { cvId: string; fold: number; runId: string };

export type SweepEvent = SweepStartedEvent | TrialStartedEvent | TrialFinishedEvent | SweepFinishedEvent;
export type CrossValidationEvent = CrossValidationStartedEvent | FoldStartedEvent | FoldFinishedEvent | CrossValidationFinishedEvent;
export type LrFindEvent = LrFindStartedEvent | LrFindStepEvent | LrFindFinishedEvent;
