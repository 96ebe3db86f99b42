// The status bar item of the active run: its epoch, loss and backend; a click opens its dashboard. While nothing
// trains, the backend the last run used (and why faster ones were skipped); a click shows every backend.
import * as vscode from 'vscode';
import type { BackendInfo } from '../protocol/events';
import { progressText } from '../ide/runSummary';
import type { TrainingManager } from './trainingManager';
import { Coalescer } from './coalesce';

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('modelLab.activeRun', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  /** Epoch progress, at a readable pace (see coalesce.ts); a run starting or ending shows at once. */
  private readonly progress = new Coalescer(() => this.update());
  private shownTraining = false;
  /** The backend each active run trains on, and why faster ones were skipped (from its run-started event). */
  private readonly backends = new Map<string, BackendInfo>();
  /** The backend of the last run that ended here: shown while nothing trains. */
  private lastBackend: BackendInfo | undefined;

  constructor(private readonly training: TrainingManager) {
    this.item.name = 'Model Lab: active run';
    this.disposables.push(
      this.item,
      this.progress,
      training.onDidChangeActive(() => this.progress.flush()),
      training.onDidEvent(({ runId, event }) => {
        if (event.type === 'run-started') this.backends.set(runId, event.backend);
        if (event.type === 'run-finished') {
          this.lastBackend = this.backends.get(runId) ?? this.lastBackend;
          this.backends.delete(runId);
        }
        if (event.type === 'epoch' || event.type === 'run-started' || event.type === 'run-finished') this.progress.schedule();
      }),
    );
    this.update();
  }

  private update(): void {
    const runs = this.training.activeRuns();
    // A context key change re-evaluates every menu's `when`: only when it changes.
    if (runs.length > 0 !== this.shownTraining) {
      this.shownTraining = runs.length > 0;
      void vscode.commands.executeCommand('setContext', 'modelLab.training', this.shownTraining);
    }
    const run = runs[runs.length - 1];
    if (!run) return this.showLastBackend();
    const more = runs.length > 1 ? ` (+${runs.length - 1})` : '';
    const backend = this.backends.get(run.runId);
    this.item.text = `$(sync~spin) ${run.experiment ?? 'training'} · ${run.epochs ? progressText(run.epoch, run.epochs, run.loss) : 'starting'}${backend ? ` · ${backend.name}` : ''}${more}`;
    const skipped = backend?.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n') ?? '';
    this.item.tooltip = `Model Lab: ${run.runId} is training${backend ? ` on ${backend.name}` : ''}. Click to open its dashboard.${skipped ? `\n\nFaster backends skipped:\n${skipped}` : ''}`;
    this.item.command = { command: 'modelLab.openDashboard', title: 'Open Run Dashboard', arguments: [run.runId] };
    this.item.show();
  }

  /** Which backend the last run used and why faster ones were skipped; a click shows every backend. */
  private showLastBackend(): void {
    const backend = this.lastBackend;
    if (!backend) return this.item.hide();
    this.item.text = `$(server-environment) ${backend.name}`;
    const skipped = backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n');
    this.item.tooltip = `Model Lab: the last run trained on ${backend.name}.${skipped ? `\n\nFaster backends skipped:\n${skipped}` : ''}\n\nClick to try every backend here.`;
    this.item.command = { command: 'modelLab.showBackends', title: 'Show Backends' };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
