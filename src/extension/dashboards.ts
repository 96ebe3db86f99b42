// Run dashboards and compare views. The extension host owns the data: a webview asks for a snapshot
// when it loads (also after being hidden or after a window reload) and then gets the new events in
// batches a few times a second. Hidden webviews get nothing; they ask again when shown.
import * as vscode from 'vscode';
import type { TrainingEvent } from '../engine/events';
import type { RunRecord } from '../engine/runs/record';
import { runLabel } from '../ide/runSummary';
import { parseDashboardMessage, parseDashboardState, type HostToDashboard, type RunSnapshot } from '../protocol/dashboard';
import { ruleSummaries } from '../protocol/rules';
import type { TrainingManager } from './trainingManager';
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
  buffer: TrainingEvent[];
  lastRecord?: string;
}

export class DashboardPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Set<OpenPanel>();
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
        for (const p of this.panels) if (p.view === 'run' && p.runIds[0] === runId) p.buffer.push(event);
      }),
      runs.onDidChange(() => this.sendRecords()),
    );
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
  }

  /** Run ids with an open dashboard. */
  openRunIds(): string[] {
    return [...this.panels].filter((p) => p.view === 'run').map((p) => p.runIds[0]);
  }

  openRun(runId: string, preserveFocus = false): void {
    const existing = [...this.panels].find((p) => p.view === 'run' && p.runIds[0] === runId);
    if (existing) return existing.panel.reveal(undefined, preserveFocus);
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, this.runTitle(runId), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.extensionUri));
    this.attach(panel, 'run', [runId]);
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
    return record ? `${record.experiment} · ${runLabel(record)}` : `Run ${runId}`;
  }

  private attach(panel: vscode.WebviewPanel, view: 'run' | 'compare', runIds: string[]): void {
    const open: OpenPanel = { panel, view, runIds, buffer: [] };
    this.panels.add(open);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'modellab.svg');
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, view, panel.title);
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(open, raw));
    panel.onDidDispose(() => this.panels.delete(open));
  }

  private onMessage(open: OpenPanel, raw: unknown): void {
    const message = parseDashboardMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        open.buffer = [];
        this.post(open, open.view === 'run' ? this.runSnapshotMessage(open.runIds[0]) : { type: 'compare-snapshot', runs: this.compareSnapshots(open.runIds) });
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

  private runSnapshotMessage(runId: string): HostToDashboard {
    const snapshot = this.snapshot(runId);
    return snapshot ? { type: 'run-snapshot', run: snapshot, rules: ruleSummaries() } : { type: 'run-deleted', runId };
  }

  private snapshot(runId: string): RunSnapshot | undefined {
    const record = this.runs.get(runId);
    if (!record) return undefined;
    const active = this.training.get(runId);
    const events = active ? [...active.events] : this.runs.storeOf(runId)?.readEvents(runId) ?? [];
    return { record, events, colorIndex: colorIndex(runId) };
  }

  /** Runs side by side get distinct colours: their order in the selection, not their hash. */
  private compareSnapshots(runIds: string[]): RunSnapshot[] {
    return runIds.map((id) => this.snapshot(id)).filter((s): s is RunSnapshot => !!s).map((s, i) => ({ ...s, colorIndex: i % PALETTE_SIZE }));
  }

  private flush(): void {
    for (const open of this.panels) {
      if (open.buffer.length === 0) continue;
      // A hidden webview cannot receive messages; it asks for a fresh snapshot when shown again.
      if (!open.panel.visible) {
        open.buffer = [];
        continue;
      }
      const events = open.buffer;
      open.buffer = [];
      this.post(open, { type: 'run-events', runId: open.runIds[0], events });
    }
  }

  private sendRecords(): void {
    for (const open of this.panels) {
      if (open.view !== 'run' || !open.panel.visible) continue;
      const record: RunRecord | undefined = this.runs.get(open.runIds[0]);
      if (!record) {
        this.post(open, { type: 'run-deleted', runId: open.runIds[0] });
        continue;
      }
      const serialized = JSON.stringify(record);
      if (serialized === open.lastRecord) continue;
      open.lastRecord = serialized;
      open.panel.title = this.runTitle(record.runId);
      this.post(open, { type: 'run-record', record });
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

/** A run keeps its colour in every view. */
export function colorIndex(runId: string): number {
  let h = 0;
  for (const c of runId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % PALETTE_SIZE;
}
