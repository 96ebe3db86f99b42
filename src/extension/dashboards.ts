// Run dashboards and compare views. The extension host owns the data: a webview asks for a snapshot
// when it loads (also after being hidden or after a window reload, and whenever it gets a message it
// cannot place) and then gets the new events in batches a few times a second. Hidden webviews get
// nothing; they ask again when shown. A run just started here has a dashboard before it has a record
// (it shows as starting); a run another process trains is followed in its events.jsonl.
import * as vscode from 'vscode';
import { ruleSummaries } from '../engine';
import type { TrainingEvent } from '../protocol/events';
import type { RunRecord } from '../protocol/runRecord';
import { runLabel } from '../ide/runSummary';
import { parseDashboardMessage, parseDashboardState, type HostToDashboard, type RunSnapshot } from '../protocol/dashboard';
import { startingRecord, type StartingRun } from '../ide/startingRun';
import type { ActiveRun, TrainingManager } from './trainingManager';
import { dashboardHtml, webviewOptions } from './webviewHtml';
import type { WorkspaceRuns } from './workspaceRuns';

export const DASHBOARD_VIEW_TYPE = 'modelLab.dashboard';
export const COMPARE_VIEW_TYPE = 'modelLab.compare';
const FLUSH_MS = 250;
const PALETTE_SIZE = 8;

interface OpenPanel {
  panel: vscode.WebviewPanel;
  view: 'run' | 'compare';
  runIds: string[];
  /**
   * The webview asked for its snapshot (and has not been hidden since: a hidden webview is torn down and asks
   * again when shown). Before that nothing is sent: what happened meanwhile is in the snapshot.
   */
  ready: boolean;
  /** Live events per run since the snapshot, sent a few times a second. */
  buffer: Map<string, TrainingEvent[]>;
  /** The last record sent per run, serialized, to send only changes. */
  sentRecords: Map<string, string>;
  /**
   * Runs another process trains (the CLI in a terminal, a run that outlived a window reload): their new
   * events are read from events.jsonl, from this byte offset on, until they finish.
   */
  tails: Map<string, number>;
}

export class DashboardPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Set<OpenPanel>();
  /** Runs started here whose model file could not load: no run.json will ever come, the dashboard says why. */
  private readonly failedStarts = new Map<string, StartingRun>();
  /** Runs about to start: their dashboard opens first (see openStarting). */
  private readonly pendingStarts = new Map<string, StartingRun>();
  /** Who waits for a run's dashboard to have loaded. */
  private readonly readyWaiters = new Map<string, (() => void)[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: WorkspaceRuns,
    private readonly training: TrainingManager,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, this),
      vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, this),
      training.onDidEvent(({ runId, event }) => {
        for (const p of this.panels) {
          if (!p.ready || !p.runIds.includes(runId)) continue;
          const events = p.buffer.get(runId);
          if (events) events.push(event);
          else p.buffer.set(runId, [event]);
        }
      }),
      training.onDidEnd(({ run, outcome }) => {
        this.pendingStarts.delete(run.runId);
        if (outcome.kind !== 'load-error') return;
        const { code: _code, details, ...error } = outcome.error;
        this.failedStarts.set(run.runId, { ...startingRun(run), error: { ...error, stack: details } });
        for (const p of this.panels) if (p.runIds.includes(run.runId)) this.sendSnapshot(p);
      }),
      runs.onDidChange(() => this.sendRecords()),
    );
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
  }

  /** Run ids with an open dashboard. */
  openRunIds(): string[] {
    return [...this.panels].filter((p) => p.view === 'run').map((p) => p.runIds[0]);
  }

  /**
   * Opens (or reveals) a run's dashboard. The run may not be recorded yet (it was just started here): the
   * dashboard then shows it as starting and fills as its events arrive.
   */
  openRun(runId: string, preserveFocus = false): void {
    const existing = [...this.panels].find((p) => p.view === 'run' && p.runIds[0] === runId);
    if (existing) return existing.panel.reveal(undefined, preserveFocus);
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, this.runTitle(runId), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.extensionUri));
    this.attach(panel, 'run', [runId]);
  }

  /**
   * Opens the dashboard of a run that is about to start and resolves once its webview has loaded (or after
   * `timeoutMs`). The editor starts training only then: on 2 cores, a webview asked for while a small model's
   * run was writing its files often loaded only after the run had ended.
   */
  openStarting(run: StartingRun, timeoutMs: number): Promise<void> {
    this.pendingStarts.set(run.runId, run);
    const loaded = new Promise<void>((resolve) => {
      const waiters = this.readyWaiters.get(run.runId) ?? [];
      waiters.push(resolve);
      this.readyWaiters.set(run.runId, waiters);
      setTimeout(resolve, timeoutMs);
    });
    this.openRun(run.runId, true);
    return loaded;
  }

  /** A run whose dashboard opened first could not start at all (Restricted Mode, a file gone). */
  failStart(runId: string, message: string): void {
    const pending = this.pendingStarts.get(runId);
    if (!pending) return;
    this.pendingStarts.delete(runId);
    this.failedStarts.set(runId, { ...pending, error: { message } });
    for (const p of this.panels) if (p.runIds.includes(runId)) this.sendSnapshot(p);
  }

  openCompare(runIds: string[]): void {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Compare ${runIds.length} runs`, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    this.attach(panel, 'compare', runIds);
  }

  /** Restores a panel after a window reload, from the state the webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = parseDashboardState(state);
    if (!saved) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, saved.view, saved.runIds);
  }

  private runTitle(runId: string): string {
    const record = this.runs.get(runId);
    if (record) return `${record.experiment} · ${runLabel(record)}`;
    const starting = this.startingRun(runId);
    return starting ? `${startingRecord(starting).experiment} · ${starting.error ? 'could not start' : 'starting'}` : `Run ${runId}`;
  }

  private attach(panel: vscode.WebviewPanel, view: 'run' | 'compare', runIds: string[]): void {
    const open: OpenPanel = { panel, view, runIds, ready: false, buffer: new Map(), sentRecords: new Map(), tails: new Map() };
    this.panels.add(open);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'modellab.svg');
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, view, panel.title);
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(open, raw));
    panel.onDidChangeViewState(() => {
      if (!panel.visible) open.ready = false;
    });
    panel.onDidDispose(() => this.panels.delete(open));
  }

  private onMessage(open: OpenPanel, raw: unknown): void {
    const message = parseDashboardMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.sendSnapshot(open);
        for (const runId of open.runIds) {
          for (const resolve of this.readyWaiters.get(runId) ?? []) resolve();
          this.readyWaiters.delete(runId);
        }
        return;
      case 'reveal-source': {
        const { file, line, column } = message.location;
        const position = new vscode.Position(line - 1, column - 1);
        void vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        return;
      }
      case 'open-run':
        return this.openRun(message.runId);
      case 'stop-run':
        this.training.stop(message.runId);
        return;
      case 'show-log':
        this.log.show(true);
        return;
    }
  }

  /** The whole state, as the webview starts from it: in reply to `ready`, and whenever it cannot place a message. */
  private sendSnapshot(open: OpenPanel): void {
    open.ready = true;
    open.buffer.clear();
    open.tails.clear();
    open.sentRecords.clear();
    if (open.view === 'run') {
      open.panel.title = this.runTitle(open.runIds[0]);
      const snapshot = this.snapshot(open, open.runIds[0]);
      this.post(open, snapshot ? { type: 'run-snapshot', run: snapshot, rules: ruleSummaries() } : { type: 'run-deleted', runId: open.runIds[0] });
      return;
    }
    const runs = open.runIds.map((id) => this.snapshot(open, id)).filter((s): s is RunSnapshot => !!s);
    // Runs side by side get distinct colours: their order in the selection, not their hash.
    this.post(open, { type: 'compare-snapshot', runs: runs.map((s, i) => ({ ...s, colorIndex: i % PALETTE_SIZE })) });
  }

  private snapshot(open: OpenPanel, runId: string): RunSnapshot | undefined {
    const record = this.runs.get(runId);
    const active = this.training.get(runId);
    if (!record) {
      const starting = this.startingRun(runId);
      if (!starting) return undefined;
      return { record: startingRecord(starting), events: active ? [...active.events] : [], colorIndex: colorIndex(runId), starting: true };
    }
    open.sentRecords.set(runId, JSON.stringify(record));
    if (active) return { record, events: [...active.events], colorIndex: colorIndex(runId) };
    const read = this.runs.storeOf(runId)?.readEventsFrom(runId, 0) ?? { events: [], offset: 0 };
    if (record.status === 'running') open.tails.set(runId, read.offset);
    return { record, events: read.events, colorIndex: colorIndex(runId) };
  }

  /** A run started here that has no record yet: still starting, or failed to load. */
  private startingRun(runId: string): StartingRun | undefined {
    const active = this.training.get(runId);
    return active ? startingRun(active) : this.failedStarts.get(runId) ?? this.pendingStarts.get(runId);
  }

  private flush(): void {
    for (const open of this.panels) {
      if (!open.ready || !open.panel.visible) continue;
      this.flushEvents(open);
      for (const [runId, offset] of open.tails) this.followTail(open, runId, offset);
    }
  }

  private flushEvents(open: OpenPanel): void {
    for (const [runId, events] of open.buffer) {
      if (!events.length) continue;
      this.post(open, { type: 'run-events', runId, events });
      // The title says starting, then the run's time: it follows the run's start and end, not only run.json.
      if (open.view === 'run' && events.some((e) => e.type === 'run-started' || e.type === 'run-finished')) open.panel.title = this.runTitle(runId);
    }
    open.buffer.clear();
  }

  /** New events of a run another process trains, read from its events.jsonl. */
  private followTail(open: OpenPanel, runId: string, offset: number): void {
    if (this.training.get(runId)) return void open.tails.delete(runId); // it is ours now: events come live
    const store = this.runs.storeOf(runId);
    if (!store) return void open.tails.delete(runId);
    const read = store.readEventsFrom(runId, offset);
    open.tails.set(runId, read.offset);
    if (read.events.length) this.post(open, { type: 'run-events', runId, events: read.events });
    if (read.events.some((e) => e.type === 'run-finished')) open.tails.delete(runId);
  }

  private sendRecords(): void {
    for (const open of this.panels) {
      if (!open.ready || !open.panel.visible) continue;
      // Events before the record that follows them: a record saying "completed" must not come before the last epoch.
      this.flushEvents(open);
      for (const runId of open.runIds) {
        const record: RunRecord | undefined = this.runs.get(runId);
        if (!record) {
          // Not recorded yet (starting) is not deleted; a record that disappeared is.
          if (open.sentRecords.delete(runId)) this.post(open, { type: 'run-deleted', runId });
          continue;
        }
        const serialized = JSON.stringify(record);
        if (serialized === open.sentRecords.get(runId)) continue;
        open.sentRecords.set(runId, serialized);
        if (open.view === 'run') open.panel.title = this.runTitle(runId);
        // A webview that has no model for it yet (it was starting, or missing) asks for a snapshot.
        this.post(open, { type: 'run-record', record });
      }
    }
  }

  private post(open: OpenPanel, message: HostToDashboard): void {
    void open.panel.webview.postMessage(message);
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const open of this.panels) open.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function startingRun(run: ActiveRun): StartingRun {
  return { runId: run.runId, file: run.file, workspace: run.workspace, experiment: run.experiment, createdAt: run.createdAt };
}

/** A run keeps its colour in every view. */
export function colorIndex(runId: string): number {
  let h = 0;
  for (const c of runId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % PALETTE_SIZE;
}
