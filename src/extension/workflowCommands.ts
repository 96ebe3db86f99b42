// The lab workflow's commands: find a learning rate, run a sweep, cross-validate (each a CLI process with
// a cancellable progress notification and a panel), open and stop a group, delete a group with its runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { groupFile } from '../engine';
import type { RunRecord } from '../protocol/runRecord';
import type { CrossValidationFinishedEvent, LrFindFinishedEvent, SweepFinishedEvent } from '../protocol/workflowEvents';
import { paramsText } from '../ide/runGroups';
import type { GroupNode, TreeNode } from '../ide/runsTree';
import { formatValue } from '../ide/runSummary';
import type { JobResult } from './jobs';
import { Coalescer } from './coalesce';
import { resolveTarget } from './commands';
import type { DashboardPanels } from './dashboards';
import type { ExperimentsTreeProvider } from './experimentsTree';
import { readSettings } from './settings';
import type { WorkflowPanels } from './workflowPanels';
import { describe, progressWords, type WorkflowFinished, type WorkflowKind, type WorkflowOptions, type WorkflowSession, type WorkflowSessions } from './workflowSessions';
import type { WorkspaceRuns } from './workspaceRuns';
import { trustedOrExplain } from './workspaceTrust';

export interface WorkflowCommandContext {
  runs: WorkspaceRuns;
  sessions: WorkflowSessions;
  panels: WorkflowPanels;
  dashboards: DashboardPanels;
  tree: ExperimentsTreeProvider;
  log: vscode.OutputChannel;
}

type Target = vscode.Uri | TreeNode | undefined;
type GroupArg = string | GroupNode | undefined;

export function registerWorkflowCommands(c: WorkflowCommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('modelLab.findLearningRate', (target?: Target, experiment?: string, options?: WorkflowOptions) => runWorkflow(c, 'lr-find', target, experiment, options)),
    vscode.commands.registerCommand('modelLab.runSweep', (target?: Target, experiment?: string, options?: WorkflowOptions) => runWorkflow(c, 'sweep', target, experiment, options)),
    vscode.commands.registerCommand('modelLab.crossValidate', (target?: Target, experiment?: string, options?: WorkflowOptions) => runWorkflow(c, 'cross-validation', target, experiment, options)),
    vscode.commands.registerCommand('modelLab.openGroup', async (arg?: GroupArg) => {
      const groupId = await pickGroup(c, arg, 'Open which sweep or cross-validation?', false);
      if (groupId) c.panels.openGroup(groupId);
    }),
    vscode.commands.registerCommand('modelLab.stopGroup', async (arg?: GroupArg) => {
      const groupId = await pickGroup(c, arg, 'Stop which sweep or cross-validation?', true);
      if (groupId) stopGroup(c, groupId);
    }),
    vscode.commands.registerCommand('modelLab.deleteGroup', (arg?: GroupArg) => deleteGroup(c, arg)),
  ];
}

/** The group actions the panels call. */
export function workflowActions(c: WorkflowCommandContext) {
  return {
    rerunLrFind: (file: string, experiment: string | undefined) => runWorkflow(c, 'lr-find', vscode.Uri.file(file), experiment),
    stopGroup: async (groupId: string) => stopGroup(c, groupId),
  };
}

const TITLES: Record<WorkflowKind, string> = { 'lr-find': 'Finding the learning rate of', sweep: 'Sweep ·', 'cross-validation': 'Cross-validation ·' };

/**
 * Starts a range test, sweep or cross-validation with its progress notification and panel, and reports how it
 * ended. Resolves once it has started, with the session's id (the API's workflowOutcome waits for its end): a
 * command that ran until the end kept the panel it opened from loading meanwhile.
 */
async function runWorkflow(c: WorkflowCommandContext, kind: WorkflowKind, target: Target, experiment: string | undefined, options: WorkflowOptions = {}): Promise<{ sessionId: string } | undefined> {
  if (!(await trustedOrExplain('Range tests, sweeps and cross-validation train too.'))) return undefined;
  const resolved = await resolveTarget(target, experiment);
  if (!resolved) return undefined;
  let session: WorkflowSession;
  try {
    session = await c.sessions.start(kind, resolved.file, resolved.experiment, sanitize(options));
  } catch (err) {
    void vscode.window.showErrorMessage(`Model Lab: ${(err as Error).message}`);
    return undefined;
  }
  const openPanel = readSettings(vscode.Uri.file(resolved.file)).openDashboardOnTrain;
  if (kind === 'lr-find') c.panels.openLrFind(session);
  const name = resolved.experiment ?? path.basename(resolved.file);
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${TITLES[kind]} ${name}`, cancellable: true }, async (progress, token) => {
    token.onCancellationRequested(() => session.stop());
    let openedGroup = false;
    // Every step of a range test changes the session: the notification follows at a readable pace.
    const reportProgress = new Coalescer(() => progress.report({ message: progressWords(session) }));
    const sub = c.sessions.onDidChange((s) => {
      if (s !== session) return;
      if (s.groupId && !openedGroup && openPanel) {
        openedGroup = true;
        c.panels.openGroup(s.groupId, true);
      }
      reportProgress.schedule();
    });
    try {
      await session.done;
    } finally {
      sub.dispose();
      reportProgress.dispose();
    }
  });
  void session.done.then((result) => {
    c.runs.refresh();
    report(c, session, result);
  });
  return { sessionId: session.id };
}

function sanitize(options: WorkflowOptions | undefined): WorkflowOptions {
  const positive = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 1 ? n : undefined);
  return options && typeof options === 'object' ? { epochs: positive(options.epochs), trials: positive(options.trials), folds: positive(options.folds), steps: positive(options.steps) } : {};
}

/** The summary notification; not awaited, so the command returns while it stays up. */
function report(c: WorkflowCommandContext, session: WorkflowSession, result: JobResult<WorkflowFinished>): void {
  if (result.kind === 'error') {
    if (session.status === 'stopped') return void vscode.window.setStatusBarMessage(`Model Lab: ${describe(session)} stopped`, 8000);
    const location = result.location;
    const where = location ? `${path.basename(location.file)}:${location.line}: ` : '';
    void vscode.window.showErrorMessage(`Model Lab: ${describe(session)} failed: ${where}${result.message}`, ...(location ? ['Go to Error'] : []), 'Show Log').then((choice) => {
      if (choice === 'Show Log') c.log.show(true);
      if (choice === 'Go to Error' && location) {
        const position = new vscode.Position(location.line - 1, Math.max(0, location.column - 1));
        void vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection: new vscode.Range(position, position) });
      }
    });
    return;
  }
  const event = result.event;
  if (event.type === 'lr-find-finished') {
    const e = event as LrFindFinishedEvent;
    const current = e.currentLearningRate !== undefined ? ` (now ${formatValue(e.currentLearningRate)})` : '';
    void vscode.window.showInformationMessage(`Model Lab: suggested learning rate for ${e.experiment}: ${formatValue(e.suggestedLearningRate)}${current}.`, 'Apply', 'Open').then((choice) => {
      if (choice === 'Apply') void c.panels.actions?.applyLearningRate(session.file, session.experiment ?? e.experiment, e.suggestedLearningRate);
      if (choice === 'Open') c.panels.openLrFind(session);
    });
    return;
  }
  const open = (choice: string | undefined) => choice === 'Open' && session.groupId && c.panels.openGroup(session.groupId);
  const stopped = 'status' in event && event.status !== 'completed' ? ` (${event.status})` : '';
  if (event.type === 'sweep-finished') {
    const e = event as SweepFinishedEvent;
    const best = e.best ? `best ${e.metric} ${formatValue(e.best.metrics[e.metric])} (trial ${e.best.trial + 1}${Object.keys(e.best.params).length ? `: ${paramsText(e.best.params)}` : ''})` : 'no trial finished';
    void vscode.window.showInformationMessage(`Model Lab: sweep of ${session.experiment ?? 'the experiment'} finished${stopped}: ${e.trials.length} trials, ${best}.`, 'Open').then(open);
  } else {
    const e = event as CrossValidationFinishedEvent;
    const key = ['val_accuracy', 'val_loss', 'accuracy', 'loss'].find((k) => e.mean[k] !== undefined);
    const summary = key ? `${key} ${formatValue(e.mean[key])} ± ${formatValue(e.std[key] ?? 0)}` : 'no fold completed';
    void vscode.window.showInformationMessage(`Model Lab: ${e.folds}-fold cross-validation of ${session.experiment ?? 'the experiment'} finished${stopped}: ${summary}.`, 'Open').then(open);
  }
}

async function pickGroup(c: WorkflowCommandContext, arg: GroupArg, placeHolder: string, runningOnly: boolean): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && arg.kind === 'group') return arg.groupId;
  const groups = c.runs.groups().filter((g) => !runningOnly || g.status === 'running');
  const running = c.sessions.active().filter((s) => s.groupId && !groups.some((g) => g.id === s.groupId));
  if (groups.length === 0 && running.length === 0) {
    void vscode.window.showInformationMessage(runningOnly ? 'Model Lab: no sweep or cross-validation is running.' : 'Model Lab: no sweeps or cross-validations yet.');
    return undefined;
  }
  const items = [
    ...groups.map((g) => ({ label: `${g.kind === 'sweep' ? 'Sweep' : `${g.folds}-fold CV`} · ${g.experiment}`, description: g.status, detail: g.id, id: g.id })),
    ...running.map((s) => ({ label: `${describe(s)}`, description: 'starting', detail: s.groupId, id: s.groupId! })),
  ];
  if (items.length === 1 && runningOnly) return items[0].id;
  return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true }))?.id;
}

/** Stops a group: through its session when this window started it, else by signalling the CLI process it records. */
function stopGroup(c: WorkflowCommandContext, groupId: string): void {
  // A range test has no group: its session id stands in (the CodeLens passes it).
  const session = c.sessions.byGroup(groupId) ?? c.sessions.get(groupId);
  if (session && session.status === 'running') return session.stop();
  const record = c.runs.group(groupId);
  if (!record || record.status !== 'running') return void vscode.window.showInformationMessage(`Model Lab: ${groupId} is not running.`);
  try {
    // The CLI records the group as cancelled on SIGTERM.
    process.kill(record.pid, 'SIGTERM');
  } catch (err) {
    void vscode.window.showWarningMessage(`Model Lab could not stop ${groupId} (process ${record.pid}): ${(err as Error).message}`);
  }
}

async function deleteGroup(c: WorkflowCommandContext, arg: GroupArg): Promise<void> {
  const groupId = await pickGroup(c, arg, 'Delete which sweep or cross-validation?', false);
  if (!groupId) return;
  const record = c.runs.group(groupId);
  const members = c.runs.list().filter((r: RunRecord) => r.group?.id === groupId);
  if (record?.status === 'running' || c.sessions.byGroup(groupId)?.status === 'running' || members.some((r) => r.status === 'running')) {
    return void vscode.window.showWarningMessage('Model Lab: stop the group before deleting it.');
  }
  const what = `${record?.kind === 'cross-validation' ? 'cross-validation' : 'sweep'} ${groupId} and its ${members.length} run${members.length === 1 ? '' : 's'}`;
  const answer = await vscode.window.showWarningMessage(`Delete ${what}? Their metrics, events and saved models are removed from disk.`, { modal: true }, 'Delete');
  if (answer !== 'Delete') return;
  for (const r of members) c.runs.storeOf(r.runId)?.delete(r.runId);
  const dir = c.runs.groupRunsDir(groupId);
  if (dir) fs.rmSync(groupFile(dir, groupId), { force: true });
  c.runs.refresh();
}
