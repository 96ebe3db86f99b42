// A sweep's or cross-validation's group record (the shape of `<runsDir>/.groups/<id>.json`): types only, so
// the webview can use them without Node's modules. Reading and writing them is groups.ts's job.
import type { ParamSpec, Params } from '../sdk/params';
import type { Metrics, RunStatus } from './events';

export type GroupStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** One member run as the group saw it end. */
export interface GroupMember {
  runId: string;
  /** Trial or fold number, 0-based. */
  index: number;
  status: RunStatus;
  /** The run's final metrics (its best epoch's where it had validation). */
  metrics: Metrics;
  /** Sweep trials: the sampled params. */
  params?: Params;
}

interface GroupBase {
  schemaVersion: 1;
  id: string;
  experiment: string;
  /** Absolute path of the model file. */
  file: string;
  relativeFile?: string;
  createdAt: string;
  endedAt?: string;
  status: GroupStatus;
  /** The process running the group, to tell a live group from one whose process died. */
  pid: number;
  seed: number;
  /** Runs in index order, filled in as each ends. */
  members: GroupMember[];
  /** Why it failed or stopped early. */
  error?: string;
}

export interface SweepRecord extends GroupBase {
  kind: 'sweep';
  method: 'grid' | 'random';
  /** The search space as declared. */
  space: Record<string, ParamSpec>;
  /** Every trial's params, in order, drawn before the first trial starts. */
  plannedTrials: Params[];
  metric: string;
  goal: 'minimize' | 'maximize';
  /** Index into `members` of the best finished trial. */
  best?: number;
}

export interface CrossValidationRecord extends GroupBase {
  kind: 'cross-validation';
  folds: number;
  stratified: boolean;
  /** Mean and (sample) standard deviation over the completed folds of each metric. */
  mean?: Metrics;
  std?: Metrics;
}

export type GroupRecord = SweepRecord | CrossValidationRecord;
