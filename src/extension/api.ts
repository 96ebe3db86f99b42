// What activate() returns: a small, typed handle on the extension's state for integration tests and for
// other extensions. Everything here is also reachable through commands; this only saves polling the UI.
import type { TrainingOutcome } from '../engine';
import type { GroupRecord } from '../protocol/groupRecord';
import type { RunRecord } from '../protocol/runRecord';
import type { WorkflowView } from '../protocol/workflow';

export interface TrainRequestFromApi {
  /** Absolute path of the model file. */
  file: string;
  /** Experiment name or export name; the file's first experiment when absent. */
  experiment?: string;
  epochs?: number;
  seed?: number;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
}

export interface StartedTraining {
  runId: string;
  /** Resolves when the run has ended and is recorded (never rejects for a failed run). */
  done: Promise<TrainingOutcome>;
}

/** The end of a range test, sweep or cross-validation: its last event, or why it failed. */
export type WorkflowOutcome = { kind: 'finished'; event: { type: string; [key: string]: unknown } } | { kind: 'error'; message: string };

export interface ModelLabApi {
  /** Starts a run as the CodeLens would. Rejects in Restricted Mode. */
  train(request: TrainRequestFromApi): Promise<StartedTraining>;
  /** Ids of the runs training now. */
  activeRunIds(): string[];
  /** Every recorded run of the workspace, newest first (what the tree shows). */
  listRuns(): RunRecord[];
  /** Run ids whose dashboards are open. */
  openDashboards(): string[];
  /** Labels of the Experiments tree, depth first, each indented by two spaces per level (for assertions). */
  describeTree(): Promise<string[]>;
  /** Open workflow panels (range tests, sweeps, cross-validations) with the last snapshot each was sent. */
  workflowViews(): { key: string; title: string; groupId?: string; view?: WorkflowView }[];
  /** Hands a message to a workflow panel's host side as if its webview had sent it (checked the same way). */
  sendWorkflowMessage(key: string, message: unknown): Promise<void>;
  /** Every sweep and cross-validation record of the workspace, newest first. */
  groups(): GroupRecord[];
  /**
   * How a run started in this window ended (the train commands return `{ runId }` as soon as it has started);
   * undefined for a run this window did not start.
   */
  runOutcome(runId: string): Promise<TrainingOutcome> | undefined;
  /** How a range test, sweep or cross-validation ended (its command returns `{ sessionId }` once started). */
  workflowOutcome(sessionId: string): Promise<WorkflowOutcome> | undefined;
}
