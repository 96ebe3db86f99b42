// The commands of the palette, the CodeLenses and the tree's menus. Each takes what its callers pass
// (a run id, a tree node, a file URI) or asks with a quick pick when called from the palette.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileSha256, newRunIdFor, type TrainingOutcome } from '../engine';
import type { RunRecord } from '../protocol/runRecord';
import { experimentKey, scanExperiments } from '../ide/experimentScanner';
import { diagnosticsText, headlineMetric, runLabel, STATUS_WORDS } from '../ide/runSummary';
import type { TreeNode } from '../ide/runsTree';
import { Coalescer } from './coalesce';
import type { DashboardPanels } from './dashboards';
import type { ExperimentsTreeProvider } from './experimentsTree';
import { readSettings } from './settings';
import type { TrainingManager, TrainOverrides } from './trainingManager';
import { runJob } from './jobs';
import { describeExport, runExport } from './onnxExport';
import type { WorkspaceRuns } from './workspaceRuns';
import { trustedOrExplain } from './workspaceTrust';

export interface CommandContext {
  runs: WorkspaceRuns;
  training: TrainingManager;
  dashboards: DashboardPanels;
  tree: ExperimentsTreeProvider;
  log: vscode.OutputChannel;
}

type RunArg = string | TreeNode | undefined;

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const register = (id: string, fn: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, fn); // eslint-disable-line @typescript-eslint/no-explicit-any
  return [
    register('modelLab.train', (target?: vscode.Uri | TreeNode, experiment?: string) => trainCommand(c, target, experiment, {})),
    register('modelLab.trainWith', async (target?: vscode.Uri | TreeNode, experiment?: string) => {
      const overrides = await askOverrides();
      if (overrides) return trainCommand(c, target, experiment, overrides);
    }),
    register('modelLab.trainAgain', async (arg?: RunArg) => {
      const record = await pickRun(c, arg, 'Train which run again?');
      if (!record) return;
      if (!fs.existsSync(record.file)) return void vscode.window.showErrorMessage(`Model Lab: ${record.file} no longer exists; cannot train ${record.runId} again.`);
      const changed = fileChangedSince(record);
      if (changed) {
        const go = await vscode.window.showWarningMessage(`Model Lab: ${changed}, so the new run will not reproduce ${record.runId} exactly.`, 'Train Anyway');
        if (go !== 'Train Anyway') return;
      }
      const started = await startWithProgress(c, record.file, record.experiment, sameConfigAs(record));
      return started && { runId: started.runId };
    }),
    register('modelLab.stop', async (arg?: RunArg) => {
      const active = c.training.activeRuns();
      let runId = runIdOf(arg);
      if (!runId) {
        if (active.length === 0) return void vscode.window.showInformationMessage('Model Lab: no run is training.');
        runId = active.length === 1 ? active[0].runId : (await vscode.window.showQuickPick(active.map((r) => ({ label: r.experiment ?? r.runId, description: r.runId, runId: r.runId })), { placeHolder: 'Stop which run?' }))?.runId;
      }
      if (runId && !c.training.stop(runId)) void vscode.window.showInformationMessage(`Model Lab: run ${runId} is not training.`);
    }),
    register('modelLab.openDashboard', async (arg?: RunArg) => {
      const record = await pickRun(c, arg, 'Open the dashboard of which run?');
      if (record) c.dashboards.openRun(record.runId);
    }),
    register('modelLab.compareRuns', async (arg?: RunArg, selected?: TreeNode[]) => {
      let ids = (selected ?? []).map(runIdOf).filter((id): id is string => !!id);
      // A sweep or cross-validation node: compare its runs.
      if (arg && typeof arg === 'object' && arg.kind === 'group') ids = arg.runs.map((r) => r.record.runId);
      if (ids.length < 2) {
        const records = c.runs.list();
        if (records.length < 2) return void vscode.window.showInformationMessage('Model Lab: compare needs at least two runs.');
        const first = runIdOf(arg);
        const picks = await vscode.window.showQuickPick(
          records.map((r) => ({ ...runPickItem(r), picked: r.runId === first, runId: r.runId })),
          { canPickMany: true, placeHolder: 'Pick the runs to compare (two or more)' },
        );
        ids = (picks ?? []).map((p) => p.runId);
      }
      if (ids.length >= 2) c.dashboards.openCompare(ids);
      else if (ids.length === 1) void vscode.window.showInformationMessage('Model Lab: pick at least two runs to compare.');
    }),
    register('modelLab.exportOnnx', async (arg?: RunArg) => {
      const record = await pickRun(c, arg, 'Export which run to ONNX?');
      const store = record && c.runs.storeOf(record.runId);
      if (!record || !store) return undefined;
      if (record.status === 'running') return void vscode.window.showWarningMessage('Model Lab: wait for the run to finish before exporting it.');
      // Into the run's own folder (as the CLI does), so the file stays with the run it came from.
      const out = vscode.Uri.file(path.join(store.runDir(record.runId), 'model.onnx'));
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${record.experiment} to ONNX and checking it with onnxruntime`, cancellable: true }, (_progress, token) =>
        runExport(store.runsDir, record.runId, { out: out.fsPath }, token, c.log),
      );
      c.log.appendLine(`[export] ${record.runId}: ${JSON.stringify(outcome)}`);
      // Notifications are not awaited: the command returns its outcome while the message stays up.
      if (outcome.type === 'export-finished' && outcome.file) {
        const file = vscode.Uri.file(outcome.file);
        void vscode.window.showInformationMessage(`Model Lab exported ${describeExport(outcome)}.`, 'Reveal File').then((choice) => choice && reveal(file));
      } else if (outcome.type === 'export-failed') {
        const bad = ('outputs' in outcome.verification ? outcome.verification.outputs : []).filter((o) => !o.passed).map((o) => `${o.name} max |Δ| ${o.maxAbs.toExponential(1)}`).join(', ');
        void vscode.window.showErrorMessage(`Model Lab: the ONNX file did not match TensorFlow.js (${bad}), so it was not written. This is a bug in the exporter; the details are in the Model Lab log.`, 'Show Log').then((c2) => c2 && c.log.show(true));
      } else if (outcome.type === 'error') {
        const where = outcome.location ? ` (${path.basename(outcome.location.file)}:${outcome.location.line})` : '';
        const location = outcome.location;
        void vscode.window.showErrorMessage(`Model Lab could not export ${record.runId}${where}: ${outcome.message}`, ...(location ? ['Go to Layer'] : [])).then((choice) => {
          if (!choice || !location) return;
          const position = new vscode.Position(location.line - 1, Math.max(0, location.column - 1));
          void vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection: new vscode.Range(position, position) });
        });
      }
      return outcome;
    }),
    register('modelLab.evaluateRun', async (arg?: RunArg) => {
      const record = await pickRun(c, arg, 'Evaluate which run on the test split?');
      const store = record && c.runs.storeOf(record.runId);
      if (!record || !store) return undefined;
      const looks = record.testEvaluations?.length ?? 0;
      if (looks > 0) {
        // Test-set discipline: a second look is allowed, but only on purpose.
        const again = await vscode.window.showWarningMessage(`Run ${record.runId} has already been evaluated on the test split ${looks === 1 ? 'once' : `${looks} times`}. Choosing models by test results turns the test set into a validation set.`, { modal: true }, 'Evaluate Again');
        if (again !== 'Evaluate Again') return undefined;
      }
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Evaluating ${record.experiment} on its test split`, cancellable: true }, (_progress, token) =>
        runJob({ kind: 'evaluate', runsDir: store.runsDir, run: record.runId }, token, c.log),
      );
      c.log.appendLine(`[evaluate] ${record.runId}: ${JSON.stringify(outcome)}`);
      c.runs.refresh();
      if (outcome.type === 'evaluation-finished') {
        const shown = Object.entries(outcome.metrics).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');
        void vscode.window.showInformationMessage(`Model Lab: ${record.experiment} on ${outcome.samples} test samples: ${shown}`);
      } else {
        void vscode.window.showErrorMessage(`Model Lab could not evaluate ${record.runId}: ${outcome.type === 'error' ? outcome.message : `unexpected ${outcome.type}`}`);
      }
      return outcome;
    }),
    register('modelLab.showLog', () => c.log.show(true)),
    register('modelLab.deleteRun', async (arg?: RunArg, selected?: TreeNode[]) => {
      const fromTree = (selected ?? []).map(runIdOf).filter((id): id is string => !!id);
      const records = fromTree.length > 1 ? fromTree.map((id) => c.runs.get(id)).filter((r): r is RunRecord => !!r) : [await pickRun(c, arg, 'Delete which run?')].filter((r): r is RunRecord => !!r);
      if (records.length === 0) return;
      if (records.some((r) => r.status === 'running' && c.training.get(r.runId))) return void vscode.window.showWarningMessage('Model Lab: stop a run before deleting it.');
      const what = records.length === 1 ? `run ${records[0].runId} (${records[0].experiment})` : `${records.length} runs`;
      const answer = await vscode.window.showWarningMessage(`Delete ${what}? Its metrics, events and saved models are removed from disk.`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return;
      for (const r of records) c.runs.storeOf(r.runId)?.delete(r.runId);
      c.runs.refresh();
    }),
    register('modelLab.revealRunFolder', async (arg?: RunArg) => {
      const record = await pickRun(c, arg, 'Reveal the folder of which run?');
      const store = record && c.runs.storeOf(record.runId);
      if (!record || !store) return;
      await reveal(vscode.Uri.file(store.runDir(record.runId)));
    }),
    register('modelLab.setRunNote', async (arg?: RunArg) => {
      const record = await pickRun(c, arg, 'Add a note to which run?');
      if (!record) return;
      const notes = await vscode.window.showInputBox({ prompt: `Note for run ${record.runId}`, value: record.notes ?? '', placeHolder: 'What this run tried, e.g. "dropout 0.3 + cosine"' });
      if (notes === undefined) return;
      try {
        c.runs.storeOf(record.runId)?.setNotes(record.runId, notes);
        c.runs.refresh();
      } catch (err) {
        void vscode.window.showWarningMessage(`Model Lab: ${(err as Error).message}`);
      }
    }),
    register('modelLab.openRunSource', async (arg?: RunArg | TreeNode) => {
      const node = typeof arg === 'object' ? arg : undefined;
      const file = node && node.kind !== 'run' ? node.file : (await pickRun(c, arg, 'Open the model file of which run?'))?.file;
      if (!file) return;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const name = node?.kind === 'experiment' ? node.experiment : node?.kind === 'run' ? node.record.experiment : undefined;
      const scanned = scanExperiments(document.getText()).find((e) => !name || e.name === name || e.exportName === name);
      const position = new vscode.Position(scanned ? scanned.line - 1 : 0, 0);
      await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
    }),
    register('modelLab.refreshRuns', async () => {
      c.runs.refresh();
      await c.tree.scanModelFiles();
    }),
  ];
}

/** A run as a quick-pick row: experiment and time, then status and headline metric, then its id. */
function runPickItem(r: RunRecord): vscode.QuickPickItem {
  return { label: `${r.experiment} · ${runLabel(r)}`, description: [STATUS_WORDS[r.status], headlineMetric(r)?.text].filter(Boolean).join(' · '), detail: r.runId };
}

/** In the Explorer when it is part of the workspace, else in the OS file manager. */
function reveal(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS', uri);
}

function runIdOf(arg: RunArg | unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && (arg as TreeNode).kind === 'run') return (arg as Extract<TreeNode, { kind: 'run' }>).record.runId;
  return undefined;
}

async function pickRun(c: CommandContext, arg: RunArg, placeHolder: string): Promise<RunRecord | undefined> {
  const id = runIdOf(arg);
  if (id) {
    const record = c.runs.get(id);
    if (!record) void vscode.window.showWarningMessage(`Model Lab: no run ${id} in this workspace.`);
    return record;
  }
  const records = c.runs.list();
  if (records.length === 0) {
    void vscode.window.showInformationMessage('Model Lab: no runs yet. Train a model first (▶ Train this model above its experiment).');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    records.map((r) => ({ ...runPickItem(r), record: r })),
    { placeHolder, matchOnDetail: true },
  );
  return pick?.record;
}

/** The file and experiment to train: from a CodeLens (uri, key), a tree node, or the active editor. */
export async function resolveTarget(target: vscode.Uri | TreeNode | undefined, experiment: string | undefined): Promise<{ file: string; experiment?: string } | undefined> {
  if (target && !(target instanceof vscode.Uri) && typeof target === 'object' && 'kind' in target) {
    if (target.kind === 'experiment') return { file: target.file, experiment: target.experiment };
    if (target.kind === 'run') return { file: target.record.file, experiment: target.record.experiment };
    target = vscode.Uri.file(target.file);
  }
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Model Lab: open a model file (a TypeScript file that calls experiment({...})) to train it.');
    return undefined;
  }
  if (experiment) return { file: uri.fsPath, experiment };
  const document = await vscode.workspace.openTextDocument(uri);
  const experiments = scanExperiments(document.getText());
  if (experiments.length === 0) {
    void vscode.window.showWarningMessage(`Model Lab: ${path.basename(uri.fsPath)} has no experiment({...}) call to train.`);
    return undefined;
  }
  if (experiments.length === 1) return { file: uri.fsPath, experiment: experimentKey(experiments[0]) };
  const pick = await vscode.window.showQuickPick(experiments.map((e) => ({ label: experimentKey(e) ?? `line ${e.line}`, description: `line ${e.line}`, key: experimentKey(e) })), { placeHolder: 'Train which experiment?' });
  return pick ? { file: uri.fsPath, experiment: pick.key } : undefined;
}

async function trainCommand(c: CommandContext, target: vscode.Uri | TreeNode | undefined, experiment: string | undefined, overrides: TrainOverrides): Promise<{ runId: string } | undefined> {
  if (!(await trustedOrExplain())) return undefined;
  const resolved = await resolveTarget(target, experiment);
  if (!resolved) return undefined;
  const started = await startWithProgress(c, resolved.file, resolved.experiment, overrides);
  // What the command returns: the run's id (a command's result must be plain data).
  return started && { runId: started.runId };
}

async function askOverrides(): Promise<TrainOverrides | undefined> {
  const positiveInt = (v: string) => (v === '' || (/^\d+$/.test(v) && Number(v) > 0) ? undefined : 'A whole number above 0, or empty for the experiment\'s own');
  const epochs = await vscode.window.showInputBox({ title: 'Train with… (1/3)', prompt: 'Epochs', placeHolder: 'empty: the experiment\'s own', validateInput: positiveInt });
  if (epochs === undefined) return undefined;
  const settings = readSettings();
  const backends = [
    { label: 'auto', description: 'the fastest available' },
    { label: 'wasm', description: 'WebAssembly' },
    { label: 'cpu', description: 'plain JavaScript' },
    { label: 'tensorflow', description: 'native TensorFlow (tfjs-node), if installed' },
  ].map((b) => ({ ...b, picked: b.label === settings.backend, description: b.label === settings.backend ? `${b.description} (setting)` : b.description }));
  const backend = await vscode.window.showQuickPick(backends, { title: 'Train with… (2/3)', placeHolder: 'Backend' });
  if (!backend) return undefined;
  const seed = await vscode.window.showInputBox({ title: 'Train with… (3/3)', prompt: 'Seed', placeHolder: 'empty: the experiment\'s own', validateInput: (v) => (v === '' || /^\d+$/.test(v) ? undefined : 'A whole number, or empty') });
  if (seed === undefined) return undefined;
  return { epochs: epochs ? Number(epochs) : undefined, seed: seed ? Number(seed) : undefined, backend: backend.label as TrainOverrides['backend'] };
}

/** How long training waits for the dashboard it opened to load (it normally takes a second or two). */
const DASHBOARD_LOAD_WAIT_MS = 5000;

/**
 * Starts a run with a cancellable progress notification, opens its dashboard, and reports how it ended. Resolves
 * once the run is started (with its id), not when it ends: a command that ran for the whole training would keep
 * the workbench waiting on it (the dashboard it opened did not load until the run was over).
 */
export async function startWithProgress(c: CommandContext, file: string, experiment: string | undefined, overrides: TrainOverrides): Promise<{ runId: string; done: Promise<TrainingOutcome> } | undefined> {
  // The dashboard first, then the run: it shows the run as starting, and it has loaded before the training
  // process starts writing (see DashboardPanels.openStarting).
  const openDashboard = readSettings(vscode.Uri.file(file)).openDashboardOnTrain;
  const runId = openDashboard ? newRunIdFor(file) : undefined;
  if (runId) await c.dashboards.openStarting({ runId, file, workspace: c.runs.runsDirFor(file).workspace, experiment, createdAt: new Date().toISOString() }, DASHBOARD_LOAD_WAIT_MS);
  let started;
  try {
    started = await c.training.start(file, experiment, overrides, runId);
  } catch (err) {
    if (runId) c.dashboards.failStart(runId, (err as Error).message);
    void vscode.window.showErrorMessage(`Model Lab: ${(err as Error).message}`);
    return undefined;
  }
  const { run, done } = started;
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Training ${experiment ?? path.basename(file)}`, cancellable: true }, async (progress, token) => {
    token.onCancellationRequested(() => c.training.stop(run.runId));
    // Epochs since the last report, shown together at a readable pace (see coalesce.ts).
    let epochs = 0;
    let message = '';
    const report = new Coalescer(() => {
      progress.report({ increment: (100 * epochs) / Math.max(1, run.epochs), message });
      epochs = 0;
    });
    const sub = c.training.onDidEvent(({ runId, event }) => {
      if (runId !== run.runId || event.type !== 'epoch') return;
      epochs++;
      message = `epoch ${event.epoch + 1}/${run.epochs} · loss ${Number(event.metrics.loss?.toPrecision(4))}`;
      report.schedule();
    });
    try {
      await done;
    } finally {
      sub.dispose();
      report.dispose();
    }
  });
  void done.then((outcome) => reportOutcome(c, file, outcome));
  return { runId: run.runId, done };
}

async function reportOutcome(c: CommandContext, file: string, outcome: TrainingOutcome): Promise<void> {
  if (outcome.kind === 'load-error') {
    const where = outcome.error.location ? `${path.basename(outcome.error.location.file)}:${outcome.error.location.line}: ` : `${path.basename(file)}: `;
    const choice = await vscode.window.showErrorMessage(`Model Lab could not train: ${where}${outcome.error.message}`, ...(outcome.error.location ? ['Go to Error'] : []), 'Show Log');
    if (choice === 'Show Log') c.log.show(true);
    if (choice === 'Go to Error' && outcome.error.location) {
      const position = new vscode.Position(outcome.error.location.line - 1, Math.max(0, outcome.error.location.column - 1));
      await vscode.window.showTextDocument(vscode.Uri.file(outcome.error.location.file), { selection: new vscode.Range(position, position) });
    }
    return;
  }
  const { finished } = outcome;
  const record = c.runs.get(finished.runId);
  const headline = record ? headlineMetric(record)?.text : undefined;
  if (finished.status === 'failed') {
    const choice = await vscode.window.showErrorMessage(`Model Lab: run ${finished.runId} failed: ${finished.error?.message.split('\n')[0] ?? 'unknown reason'}`, 'Show Log', 'Open Dashboard');
    if (choice === 'Show Log') c.log.show(true);
    if (choice === 'Open Dashboard') c.dashboards.openRun(finished.runId);
  } else if (finished.status === 'diverged') {
    void vscode.window.showWarningMessage(`Model Lab: run ${finished.runId} diverged after ${finished.epochsCompleted} epochs. See the Problems panel for the cause.`);
  } else {
    vscode.window.setStatusBarMessage(`$(pass) Model Lab: ${finished.status === 'cancelled' ? 'stopped' : 'finished'} ${finished.runId}${headline ? ` · ${headline}` : ''}${finished.diagnostics.length ? ` · ${diagnosticsText(finished.diagnostics)}` : ''}`, 8000);
  }
}

/** The overrides that make a new run train exactly what `record` trained (seed, epochs, batch size, backend, params, fold). */
function sameConfigAs(record: RunRecord): TrainOverrides {
  const batchSize = typeof record.config.batchSize === 'number' ? record.config.batchSize : undefined;
  const fold = record.group?.kind === 'cross-validation' ? { index: record.group.index, folds: record.group.size, stratified: (record.config.fold as { stratified?: boolean } | undefined)?.stratified } : undefined;
  // The backend that ran it, not the one requested: 'auto' may pick another on a changed machine.
  const backend = record.backend ? (record.backend.name === 'tensorflow-gpu' ? 'tensorflow' : record.backend.name) : undefined;
  return { epochs: record.epochs, seed: record.seed, batchSize, backend, params: record.params, fold };
}

/** Why the model file no longer is what the run trained, or undefined when it is (content hash). */
function fileChangedSince(record: RunRecord): string | undefined {
  return fileSha256(record.file) === record.fileHash ? undefined : `${path.basename(record.file)} changed since this run`;
}
