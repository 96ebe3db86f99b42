// Messages between the extension host and the workflow webview: the learning-rate finder's plot, a
// sweep's table and parallel coordinates, a cross-validation's folds. The host sends whole snapshots
// (throttled while something runs); the webview renders them. What the webview sends is untrusted.
import { isString, parseLocation, parseUiState } from './guards';
import type { SourceLocation } from '../sdk/types';
import type { Metrics, RunStatus } from './events';
import type { CrossValidationRecord, SweepRecord } from './groupRecord';
import type { LrFindFinishedEvent, LrFindStepEvent } from './workflowEvents';

/** A member run's live state, for rows of trials and folds still training. */
export interface MemberRunState {
  runId: string;
  /** Trial or fold number (the run's `group.index`), to place a run still training in its row. */
  index?: number;
  status: RunStatus;
  epochsCompleted: number;
  epochs: number;
  /** Last epoch's metrics (final ones once finished). */
  metrics?: Metrics;
  /** Best epoch's metrics, where the run had validation. */
  bestMetrics?: Metrics;
  diagnosticsCount: number;
  /** Evaluated on the test split (`modellab evaluate`). */
  tested: boolean;
}

export type WorkflowView =
  | {
      kind: 'lr-find';
      experiment: string;
      file: string;
      status: 'running' | 'finished' | 'failed';
      /** Every step so far. */
      steps: LrFindStepEvent[];
      finished?: LrFindFinishedEvent;
      error?: string;
    }
  | { kind: 'sweep'; record: SweepRecord; runs: MemberRunState[] }
  | { kind: 'cross-validation'; record: CrossValidationRecord; runs: MemberRunState[] };

/** Host → webview. */
export type HostToWorkflow = { type: 'workflow-snapshot'; view: WorkflowView };

/** Webview → host. */
export type WorkflowToHost =
  | { type: 'ready' }
  /** LR finder: write this learning rate into the experiment's optimizer in the model file. */
  | { type: 'apply-learning-rate'; learningRate: number }
  /** LR finder: run the range test again. */
  | { type: 'rerun-lr-find' }
  | { type: 'open-run'; runId: string }
  /** Open the compare view on these runs (sweep trials, folds). */
  | { type: 'compare-runs'; runIds: string[] }
  | { type: 'reveal-source'; location: SourceLocation }
  /** Stop the running sweep, cross-validation or range test. */
  | { type: 'stop' };

/** What the webview persists with setState so a reload reopens the same view. */
export interface WorkflowState {
  /** 'lr-find' views are not restored (the curve lives in the panel only); groups reopen by id. */
  kind: 'sweep' | 'cross-validation';
  groupId: string;
  /** UI choices: sort column and direction, chosen metric. */
  ui?: Record<string, unknown>;
}


/** Checks a message from the workflow webview; returns it typed, or undefined for anything malformed. */
export function parseWorkflowMessage(message: unknown): WorkflowToHost | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'rerun-lr-find':
    case 'stop':
      return { type: m.type };
    case 'apply-learning-rate':
      return typeof m.learningRate === 'number' && Number.isFinite(m.learningRate) && m.learningRate > 0 && m.learningRate < 1e3 ? { type: m.type, learningRate: m.learningRate } : undefined;
    case 'open-run':
      return isString(m.runId) ? { type: m.type, runId: m.runId } : undefined;
    case 'compare-runs':
      return Array.isArray(m.runIds) && m.runIds.length >= 1 && m.runIds.length <= 200 && m.runIds.every(isString) ? { type: m.type, runIds: m.runIds as string[] } : undefined;
    case 'reveal-source': {
      const location = parseLocation(m.location);
      return location ? { type: 'reveal-source', location } : undefined;
    }
    default:
      return undefined;
  }
}

/** Checks a saved workflow webview state (it comes back from disk after a reload). */
export function parseWorkflowState(state: unknown): WorkflowState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  if (s.kind !== 'sweep' && s.kind !== 'cross-validation') return undefined;
  if (!isString(s.groupId)) return undefined;
  const ui = parseUiState(s.ui);
  return { kind: s.kind, groupId: s.groupId, ui };
}
