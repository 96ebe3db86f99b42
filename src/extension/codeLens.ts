// CodeLenses above every `experiment(...)`: ▶ Train this model, Train with…, the last run's result, and
// while it trains, its progress and ■ Stop. In Restricted Mode, a lens that says why training is off.
import * as vscode from 'vscode';
import { experimentKey, mayDefineExperiments, scanExperiments } from '../ide/experimentScanner';
import { lastRunText, progressText } from '../ide/runSummary';
import type { ProblemsController } from './problems';
import { experimentWorkflows } from '../ide/workflowScan';
import type { TrainingManager } from './trainingManager';
import { progressWords, type WorkflowSessions } from './workflowSessions';
import type { WorkspaceRuns } from './workspaceRuns';
import { Coalescer } from './coalesce';

export class ExperimentCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;
  /** Epoch progress in the lens, at a readable pace (see coalesce.ts). */
  private readonly progress = new Coalescer(() => this.refresh());

  constructor(private readonly runs: WorkspaceRuns, private readonly training: TrainingManager, private readonly problems: ProblemsController, private readonly sessions?: WorkflowSessions) {
    this.disposables.push(
      ...(sessions ? [sessions.onDidChange(() => this.progress.schedule())] : []),
      runs.onDidChange(() => this.refresh()),
      training.onDidChangeActive(() => this.refresh()),
      training.onDidEvent(({ event }) => (event.type === 'epoch' || event.type === 'run-started') && this.progress.schedule()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()),
    );
  }

  refresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.changed.fire();
    }, 100);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    if (!mayDefineExperiments(text)) return [];
    const file = document.uri.fsPath;
    const lenses: vscode.CodeLens[] = [];
    const records = this.runs.list();
    for (const experiment of scanExperiments(text)) {
      const range = new vscode.Range(experiment.line - 1, 0, experiment.line - 1, 0);
      const key = experimentKey(experiment);
      const active = this.training.activeRuns().find((r) => r.file === file && (r.experiment === undefined || r.experiment === experiment.name || r.experiment === experiment.exportName));
      if (active) {
        lenses.push(
          new vscode.CodeLens(range, { title: `$(sync~spin) Training · ${progressText(active.epoch, active.epochs || 1, active.loss)}`, command: 'modelLab.openDashboard', arguments: [active.runId], tooltip: 'Open the run dashboard' }),
          new vscode.CodeLens(range, { title: '■ Stop', command: 'modelLab.stop', arguments: [active.runId], tooltip: 'Stop after the current batch' }),
        );
      } else if (vscode.workspace.isTrusted) {
        lenses.push(
          new vscode.CodeLens(range, { title: '▶ Train this model', command: 'modelLab.train', arguments: [document.uri, key], tooltip: `Train ${key ?? 'this experiment'} in its own process` }),
          new vscode.CodeLens(range, { title: 'Train with…', command: 'modelLab.trainWith', arguments: [document.uri, key], tooltip: 'Choose epochs, backend and seed' }),
        );
      } else {
        lenses.push(new vscode.CodeLens(range, { title: '$(shield) Training is off in Restricted Mode', command: 'workbench.trust.manage', tooltip: 'Training (and range tests, sweeps, cross-validation) runs this file as code; trust the workspace to train' }));
      }
      if (vscode.workspace.isTrusted) lenses.push(...this.workflowLenses(document, text, range, experiment, key));
      const last = records.find((r) => r.file === file && (r.experiment === experiment.name || r.experiment === experiment.exportName) && r.runId !== active?.runId && r.status !== 'running');
      if (last) {
        const findings = this.problems.findingsOf(file, last.experiment);
        const shown = findings?.runId === last.runId ? findings.findings : [];
        lenses.push(new vscode.CodeLens(range, { title: lastRunText(last, shown.length || last.diagnosticsCount === 0 ? shown : Array.from({ length: last.diagnosticsCount }, () => ({ severity: 'warning' as const }))), command: 'modelLab.openDashboard', arguments: [last.runId], tooltip: `Open run ${last.runId}` }));
      }
    }
    return lenses;
  }

  /** Find learning rate, Run sweep (N trials), Cross-validate (K folds); while one runs, its progress and Stop. */
  private workflowLenses(document: vscode.TextDocument, text: string, range: vscode.Range, experiment: ReturnType<typeof scanExperiments>[number], key: string | undefined): vscode.CodeLens[] {
    const running = this.sessions?.activeFor(document.uri.fsPath, [experiment.name, experiment.exportName]);
    if (running) {
      const what = running.kind === 'lr-find' ? 'Range test' : running.kind === 'sweep' ? 'Sweep' : 'Cross-validation';
      const open = running.groupId ? { command: 'modelLab.openGroup', arguments: [running.groupId] } : { command: 'modelLab.showLog', arguments: [] };
      return [
        new vscode.CodeLens(range, { title: `$(sync~spin) ${what} · ${progressWords(running)}`, ...open, tooltip: `Open the ${what.toLowerCase()}` }),
        new vscode.CodeLens(range, { title: '■ Stop', command: 'modelLab.stopGroup', arguments: [running.groupId ?? running.id], tooltip: 'Stop it (runs in progress are recorded as cancelled)' }),
      ];
    }
    const workflows = experimentWorkflows(text, experiment);
    const lenses = [new vscode.CodeLens(range, { title: 'Find learning rate', command: 'modelLab.findLearningRate', arguments: [document.uri, key], tooltip: 'Run a learning-rate range test and suggest a rate' })];
    if (workflows.sweep) {
      const n = workflows.sweep.trials;
      lenses.push(new vscode.CodeLens(range, { title: `Run sweep${n ? ` (${n} trial${n === 1 ? '' : 's'})` : ''}`, command: 'modelLab.runSweep', arguments: [document.uri, key], tooltip: 'Train the declared sweep, one run per trial' }));
    }
    if (workflows.crossValidation) {
      const k = workflows.crossValidation.folds;
      lenses.push(new vscode.CodeLens(range, { title: `Cross-validate${k ? ` (${k} folds)` : ''}`, command: 'modelLab.crossValidate', arguments: [document.uri, key], tooltip: 'Train one run per fold and report mean ± std' }));
    }
    return lenses;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.progress.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
