// The workflow panels: one per range test (its loss-vs-learning-rate curve, from the CLI stream) and one
// per sweep or cross-validation (its group record plus each member run's run.json). The host sends whole
// `workflow-snapshot`s, at most ~4 a second and only when something changed; the webview's messages are
// untrusted and checked with parseWorkflowMessage.
import * as vscode from 'vscode';
import type { RunRecord } from '../protocol/runRecord';
import { parseWorkflowMessage, parseWorkflowState, type HostToWorkflow, type MemberRunState, type WorkflowToHost, type WorkflowView } from '../protocol/workflow';
import type { DashboardPanels } from './dashboards';
import { dashboardHtml, webviewOptions } from './webviewHtml';
import type { WorkflowSession, WorkflowSessions } from './workflowSessions';
import type { WorkspaceRuns } from './workspaceRuns';

export const WORKFLOW_VIEW_TYPE = 'modelLab.workflow';
const FLUSH_MS = 250;

interface OpenWorkflow {
  /** `lr:<file>#<experiment>` or `group:<id>`. */
  key: string;
  panel: vscode.WebviewPanel;
  /** Range tests: the session whose stream it shows. */
  session?: WorkflowSession;
  groupId?: string;
  dirty: boolean;
  lastSent?: string;
  lastView?: WorkflowView;
}

/** What the host does for the panels' buttons (apply a learning rate, run the range test again). */
export interface WorkflowActions {
  applyLearningRate(file: string, experiment: string | undefined, learningRate: number): Promise<boolean>;
  rerunLrFind(file: string, experiment: string | undefined): Promise<unknown>;
  stopGroup(groupId: string): Promise<unknown>;
}

export class WorkflowPanels implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, OpenWorkflow>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timer: NodeJS.Timeout;
  actions: WorkflowActions | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: WorkspaceRuns,
    private readonly sessions: WorkflowSessions,
    private readonly dashboards: DashboardPanels,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(WORKFLOW_VIEW_TYPE, this),
      sessions.onDidChange((session) => {
        for (const open of this.panels.values()) if (open.session === session || (session.groupId && open.groupId === session.groupId)) open.dirty = true;
      }),
      runs.onDidChange(() => {
        for (const open of this.panels.values()) if (open.groupId) open.dirty = true;
      }),
    );
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
  }

  /** The open panels and the last snapshot each was sent (for tests and the API). */
  describe(): { key: string; title: string; groupId?: string; view?: WorkflowView }[] {
    return [...this.panels.values()].map((p) => ({ key: p.key, title: p.panel.title, groupId: p.groupId, view: p.lastView }));
  }

  /** Handles a message as if the panel's webview had sent it (tests drive the buttons through this). */
  receive(key: string, raw: unknown): Promise<void> {
    const open = this.panels.get(key);
    return open ? this.onMessage(open, raw) : Promise.resolve();
  }

  /** Shows a range test's panel: the one of the same experiment is reused (a rerun replaces its curve). */
  openLrFind(session: WorkflowSession): void {
    const key = `lr:${session.file}#${session.experiment ?? ''}`;
    const existing = this.panels.get(key);
    if (existing) {
      existing.session = session;
      existing.dirty = true;
      existing.panel.reveal(undefined, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(WORKFLOW_VIEW_TYPE, `LR finder · ${session.experiment ?? 'experiment'}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
    this.attach(panel, { key, panel, session, dirty: true });
  }

  /** Shows a sweep's or cross-validation's panel. */
  openGroup(groupId: string, preserveFocus = false): void {
    const key = `group:${groupId}`;
    const existing = this.panels.get(key);
    if (existing) return existing.panel.reveal(undefined, preserveFocus);
    const panel = vscode.window.createWebviewPanel(WORKFLOW_VIEW_TYPE, this.groupTitle(groupId), { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.extensionUri));
    this.attach(panel, { key, panel, groupId, dirty: true });
  }

  /** After a window reload: group panels come back by the id the webview saved; range tests do not. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = parseWorkflowState(state);
    if (!saved || this.panels.has(`group:${saved.groupId}`)) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(this.extensionUri);
    this.attach(panel, { key: `group:${saved.groupId}`, panel, groupId: saved.groupId, dirty: true });
  }

  private groupTitle(groupId: string): string {
    const record = this.runs.group(groupId) ?? this.sessions.byGroup(groupId);
    const name = record?.experiment ?? groupId;
    const kind = record && ('kind' in record ? record.kind : undefined);
    return `${kind === 'cross-validation' ? 'CV' : 'Sweep'} · ${name}`;
  }

  private attach(panel: vscode.WebviewPanel, open: OpenWorkflow): void {
    this.panels.set(open.key, open);
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'modellab.svg');
    panel.webview.html = dashboardHtml(panel.webview, this.extensionUri, 'workflow', panel.title);
    panel.webview.onDidReceiveMessage((raw) => void this.onMessage(open, raw));
    // Shown again after being hidden: it asks with 'ready'; also resend on visibility in case it does not.
    panel.onDidChangeViewState(() => panel.visible && (open.dirty = true));
    panel.onDidDispose(() => this.panels.get(open.key) === open && this.panels.delete(open.key));
  }

  private async onMessage(open: OpenWorkflow, raw: unknown): Promise<void> {
    const message: WorkflowToHost | undefined = parseWorkflowMessage(raw);
    if (!message) return;
    try {
      switch (message.type) {
        case 'ready':
          open.lastSent = undefined;
          open.dirty = true;
          this.flushOne(open);
          return;
        case 'apply-learning-rate':
          if (open.session) await this.actions?.applyLearningRate(open.session.file, open.session.experiment, message.learningRate);
          return;
        case 'rerun-lr-find':
          if (open.session && open.session.status !== 'running') await this.actions?.rerunLrFind(open.session.file, open.session.experiment);
          return;
        case 'open-run':
          return this.dashboards.openRun(message.runId);
        case 'compare-runs':
          if (message.runIds.length >= 2) this.dashboards.openCompare(message.runIds);
          else this.dashboards.openRun(message.runIds[0]);
          return;
        case 'reveal-source': {
          const { file, line, column } = message.location;
          const position = new vscode.Position(line - 1, column - 1);
          await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
          return;
        }
        case 'stop':
          if (open.session) open.session.stop();
          else if (open.groupId) await this.actions?.stopGroup(open.groupId);
          return;
      }
    } catch (err) {
      void vscode.window.showErrorMessage(`Model Lab: ${(err as Error).message}`);
    }
  }

  private flush(): void {
    for (const open of this.panels.values()) if (open.dirty) this.flushOne(open);
  }

  private flushOne(open: OpenWorkflow): void {
    // A hidden webview cannot receive messages; it asks for a fresh snapshot when shown again.
    if (!open.panel.visible) return;
    const view = this.view(open);
    // No group record yet (the sweep's process is still starting): look again at the next flush rather than
    // wait for a change that may already have happened.
    open.dirty = !view;
    if (!view) return;
    const serialized = JSON.stringify(view);
    if (serialized === open.lastSent) return;
    open.lastSent = serialized;
    open.lastView = view;
    const message: HostToWorkflow = { type: 'workflow-snapshot', view };
    void open.panel.webview.postMessage(message);
  }

  private view(open: OpenWorkflow): WorkflowView | undefined {
    if (open.session) {
      const s = open.session;
      const finished = s.finished?.type === 'lr-find-finished' ? s.finished : undefined;
      const error = s.error ? s.error.message : s.status === 'stopped' ? 'stopped' : undefined;
      return { kind: 'lr-find', experiment: s.experiment ?? finished?.experiment ?? '', file: s.file, status: s.status === 'running' ? 'running' : finished ? 'finished' : 'failed', steps: [...s.steps], finished, error };
    }
    if (!open.groupId) return undefined;
    const record = this.runs.group(open.groupId);
    if (!record) return undefined;
    const members = this.runs.list().filter((r) => r.group?.id === record.id);
    const runs = members.map(memberState).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return record.kind === 'sweep' ? { kind: 'sweep', record, runs } : { kind: 'cross-validation', record, runs };
  }

  dispose(): void {
    clearInterval(this.timer);
    for (const open of [...this.panels.values()]) open.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function memberState(record: RunRecord): MemberRunState {
  return {
    runId: record.runId,
    index: record.group?.index,
    status: record.status,
    epochsCompleted: record.epochsCompleted,
    epochs: record.epochs,
    metrics: record.metrics,
    bestMetrics: record.bestMetrics,
    diagnosticsCount: record.diagnosticsCount,
    tested: (record.testEvaluations?.length ?? 0) > 0,
  };
}
