// The one message protocol between the extension host and the dashboard webviews (run dashboard and
// compare view). Both bundles import these types; the host validates what the webview sends, since a
// webview's messages are untrusted input.
import { isString, parseLocation, parseUiState } from './guards';
import type { SourceLocation } from '../sdk/types';
import type { TrainingEvent } from './events';
import type { RunRecord } from './runRecord';
import type { RuleSummary } from './rules';

/** One run as the webview sees it: its record and every event recorded so far. */
export interface RunSnapshot {
  record: RunRecord;
  events: TrainingEvent[];
  /** Index into a fixed palette, stable per run, so a run keeps its colour across views. */
  colorIndex: number;
  /**
   * The run was just started and its process has not recorded it yet: `record` is the editor's provisional
   * one (status running, or failed with the load error); a `run-record` replaces it once run.json exists.
   */
  starting?: boolean;
}

/** Host → webview. */
export type HostToDashboard =
  /** The whole state of a run dashboard; sent in reply to `ready` and after a reload. */
  | { type: 'run-snapshot'; run: RunSnapshot; rules: RuleSummary[] }
  /** New events of a run, batched (at most a few messages a second while training). */
  | { type: 'run-events'; runId: string; events: TrainingEvent[] }
  /** The run's record changed (status, metrics, notes). */
  | { type: 'run-record'; record: RunRecord }
  /** The whole state of a compare view. */
  | { type: 'compare-snapshot'; runs: RunSnapshot[] }
  /** A run the dashboard shows was deleted. */
  | { type: 'run-deleted'; runId: string };

/** Webview → host. */
export type DashboardToHost =
  /**
   * The webview wants its snapshot: once it has loaded its script, and again whenever it gets a message
   * about a run it has no model for (a snapshot it missed), so no message is lost for good.
   */
  | { type: 'ready' }
  /** Open the source at this location (a layer, a config key, a finding). */
  | { type: 'reveal-source'; location: SourceLocation }
  /** Open another run's dashboard. */
  | { type: 'open-run'; runId: string }
  | { type: 'stop-run'; runId: string }
  /** Show the "Model Lab" output channel (the training log). */
  | { type: 'show-log' };

/** What the webview persists with setState so a reload reopens the same thing. */
export interface DashboardState {
  view: 'run' | 'compare';
  runIds: string[];
  /** UI choices the user made (smoothing, log scale, selected tab). */
  ui?: Record<string, unknown>;
}


/** Checks a message from a webview; returns it typed, or undefined for anything malformed or unknown. */
export function parseDashboardMessage(message: unknown): DashboardToHost | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'show-log':
      return { type: m.type };
    case 'open-run':
    case 'stop-run':
      return isString(m.runId) ? { type: m.type, runId: m.runId } : undefined;
    case 'reveal-source': {
      const location = parseLocation(m.location);
      return location ? { type: 'reveal-source', location } : undefined;
    }
    default:
      return undefined;
  }
}

/** Checks a saved webview state (it comes back from disk after a reload). */
export function parseDashboardState(state: unknown): DashboardState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  if (s.view !== 'run' && s.view !== 'compare') return undefined;
  if (!Array.isArray(s.runIds) || !s.runIds.every(isString) || s.runIds.length === 0) return undefined;
  const ui = parseUiState(s.ui);
  return { view: s.view, runIds: s.runIds as string[], ui };
}
