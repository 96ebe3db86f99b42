// Model Lab's VS Code extension: wires the engine (which knows nothing of VS Code) to the editor's
// surfaces. Every vscode-facing piece lives in src/extension/; this file only builds and connects them.
import * as vscode from 'vscode';
import type { ModelLabApi, WorkflowOutcome } from './extension/api';
import { ExperimentCodeLensProvider } from './extension/codeLens';
import { registerCommands } from './extension/commands';
import { DashboardPanels } from './extension/dashboards';
import { LoadErrorProblems } from './extension/loadErrors';
import { ExperimentsTreeProvider } from './extension/experimentsTree';
import { ProblemsController } from './extension/problems';
import { QuickFixProvider } from './extension/quickFixProvider';
import { TrainingStatusBar } from './extension/statusBar';
import { TrainingManager } from './extension/trainingManager';
import { requireTrust } from './extension/workspaceTrust';
import { applyLearningRate } from './extension/applyLearningRate';
import { applyBackendsFolderSetting, registerBackendsCommand, registerInstallBackendCommand } from './extension/backendsCommand';
import { registerWorkflowCommands, workflowActions } from './extension/workflowCommands';
import { WorkflowPanels } from './extension/workflowPanels';
import { WorkflowSessions } from './extension/workflowSessions';
import { WorkspaceRuns } from './extension/workspaceRuns';

const MODEL_FILES: vscode.DocumentSelector = [
  { language: 'typescript', scheme: 'file' },
  { language: 'javascript', scheme: 'file' },
];

export function activate(context: vscode.ExtensionContext): ModelLabApi {
  const log = vscode.window.createOutputChannel('Model Lab');
  const runs = new WorkspaceRuns();
  const training = new TrainingManager(runs, log);
  const problems = new ProblemsController(runs, training, vscode.Uri.joinPath(context.extensionUri, 'docs', 'diagnostics.md'));
  const sessions = new WorkflowSessions(runs, log);
  const codeLenses = new ExperimentCodeLensProvider(runs, training, problems, sessions);
  const tree = new ExperimentsTreeProvider(runs, training);
  const treeView = vscode.window.createTreeView('modelLab.experiments', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const dashboards = new DashboardPanels(context.extensionUri, runs, training, log);
  const commandContext = { runs, training, dashboards, tree, log };
  const workflowPanels = new WorkflowPanels(context.extensionUri, runs, sessions, dashboards);
  const workflowContext = { runs, sessions, panels: workflowPanels, dashboards, tree, log };
  workflowPanels.actions = { applyLearningRate, ...workflowActions(workflowContext) };

  context.subscriptions.push(
    log, runs, training, problems, codeLenses, tree, treeView, dashboards,
    new TrainingStatusBar(training),
    new LoadErrorProblems(training, sessions),
    vscode.languages.registerCodeLensProvider(MODEL_FILES, codeLenses),
    vscode.languages.registerCodeActionsProvider(MODEL_FILES, new QuickFixProvider(problems), QuickFixProvider.metadata),
    ...registerCommands(commandContext),
    registerBackendsCommand(log),
    registerInstallBackendCommand(log),
    applyBackendsFolderSetting(context.globalStorageUri.fsPath),
    sessions, workflowPanels,
    ...registerWorkflowCommands(workflowContext),
  );

  return {
    async train(request) {
      requireTrust();
      const { run, done } = await training.start(request.file, request.experiment, { epochs: request.epochs, seed: request.seed, backend: request.backend });
      return { runId: run.runId, done };
    },
    activeRunIds: () => training.activeRuns().map((r) => r.runId),
    listRuns: () => {
      runs.refresh();
      return runs.list();
    },
    openDashboards: () => dashboards.openRunIds(),
    describeTree: () => tree.describe(),
    workflowViews: () => workflowPanels.describe(),
    sendWorkflowMessage: (key, message) => workflowPanels.receive(key, message),
    groups: () => {
      runs.refresh();
      return runs.groups();
    },
    runOutcome: (runId) => training.outcome(runId),
    workflowOutcome: (sessionId) => sessions.get(sessionId)?.done as Promise<WorkflowOutcome> | undefined,
  };
}

export function deactivate(): void {
  // Disposables registered on the context stop active runs and close watchers.
}
