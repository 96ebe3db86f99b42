// Starts and stops training runs for the editor. Each run is the engine's own training process, so the
// extension host only relays typed events: it stays responsive, and a crash of a run becomes a failed run
// with its reason in the "Model Lab" output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainingEvent } from '../protocol/events';
import { startTraining, type TrainingHandle, type TrainingOutcome, type TrainRequest } from '../engine';
import type { Params } from '../sdk/params';
import { formatFinding } from '../cli/format';
import { progressText } from '../ide/runSummary';
import { readSettings } from './settings';
import type { WorkspaceRuns } from './workspaceRuns';
import { requireTrust } from './workspaceTrust';

export interface TrainOverrides {
  epochs?: number;
  seed?: number;
  batchSize?: number;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** Hyperparameters for model(params) (training a sweep trial again). */
  params?: Params;
  /** The fold to validate on (training a cross-validation fold again). */
  fold?: TrainRequest['fold'];
}

export interface ActiveRun {
  runId: string;
  file: string;
  /** The workspace folder it is recorded in. */
  workspace: string;
  experiment?: string;
  /** When it was started here (before the process recorded it). */
  createdAt: string;
  handle: TrainingHandle;
  /** Every event so far, from run-started on: what a dashboard opened mid-run starts from. */
  events: TrainingEvent[];
  epoch: number;
  epochs: number;
  loss?: number;
}

export interface RunEvent {
  runId: string;
  file: string;
  event: TrainingEvent;
}

/** How a run started here ended: a finished run, or a model file that could not load (no run recorded). */
export interface RunOutcome {
  run: ActiveRun;
  outcome: TrainingOutcome;
}

export class TrainingManager implements vscode.Disposable {
  private readonly active = new Map<string, ActiveRun>();
  /** How each run started in this window ends (commands return at the start; tests and the API wait here). */
  private readonly outcomes = new Map<string, Promise<TrainingOutcome>>();
  private readonly eventEmitter = new vscode.EventEmitter<RunEvent>();
  private readonly activeEmitter = new vscode.EventEmitter<void>();
  private readonly endEmitter = new vscode.EventEmitter<RunOutcome>();
  /** Every event of every active run, as it arrives. */
  readonly onDidEvent = this.eventEmitter.event;
  /** A run started or ended. */
  readonly onDidChangeActive = this.activeEmitter.event;
  /** A run's process ended, with how (after the run's last event). */
  readonly onDidEnd = this.endEmitter.event;

  constructor(private readonly runs: WorkspaceRuns, private readonly log: vscode.OutputChannel) {}

  activeRuns(): ActiveRun[] {
    return [...this.active.values()];
  }

  get(runId: string): ActiveRun | undefined {
    return this.active.get(runId);
  }

  /** The active run of an experiment (by its file and, when given, its name). */
  activeFor(file: string, experiment?: string): ActiveRun | undefined {
    return this.activeRuns().find((r) => r.file === file && (experiment === undefined || r.experiment === experiment || r.experiment === undefined));
  }

  async start(file: string, experiment: string | undefined, overrides: TrainOverrides = {}, runId?: string): Promise<{ run: ActiveRun; done: Promise<TrainingOutcome> }> {
    requireTrust();
    const uri = vscode.Uri.file(file);
    // Train what the editor shows: save the file first if it has unsaved changes.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    if (open?.isDirty) await open.save();
    const settings = readSettings(uri);
    const { workspace, runsDir } = this.runs.runsDirFor(file);
    const run: ActiveRun = { runId: '', file, workspace, experiment, createdAt: new Date().toISOString(), handle: undefined as unknown as TrainingHandle, events: [], epoch: 0, epochs: overrides.epochs ?? 0 };
    this.log.appendLine(`[${time()}] Training ${experiment ?? 'the first experiment'} of ${file} (backend ${overrides.backend ?? settings.backend})`);
    const handle = startTraining(
      {
        file,
        experiment,
        workspace,
        runsDir,
        backend: overrides.backend ?? settings.backend,
        epochs: overrides.epochs,
        seed: overrides.seed,
        batchSize: overrides.batchSize,
        params: overrides.params,
        fold: overrides.fold,
        probeEverySteps: settings.probeInterval > 0 ? settings.probeInterval : undefined,
        stopOnDivergence: settings.stopOnDivergence ? undefined : false,
        // The editor around it stays responsive: training takes the cores the editor leaves idle.
        priority: 'background',
        runId,
      },
      (event) => this.onEvent(run, event),
    );
    run.handle = handle;
    run.runId = handle.runId;
    this.active.set(run.runId, run);
    this.activeEmitter.fire();
    const done = handle.done.then((outcome) => this.onDone(run, outcome));
    this.outcomes.set(run.runId, done);
    return { run, done };
  }

  /** How a run started in this window ends; undefined for a run this window did not start. */
  outcome(runId: string): Promise<TrainingOutcome> | undefined {
    return this.outcomes.get(runId);
  }

  stop(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    this.log.appendLine(`[${time()}] Stopping ${runId} after the current batch`);
    run.handle.cancel();
    // A process that ignores the request (stuck in a long kernel) is ended after a grace period.
    const timer = setTimeout(() => this.active.has(runId) && run.handle.kill(), 15_000);
    run.handle.done.finally(() => clearTimeout(timer));
    return true;
  }

  private onEvent(run: ActiveRun, event: TrainingEvent): void {
    if (event.type === 'run-started') {
      // The process confirms the id; re-key in the unlikely case it differs from the one assigned.
      if (event.runId !== run.runId) {
        this.active.delete(run.runId);
        run.runId = event.runId;
        this.active.set(run.runId, run);
      }
      run.experiment = event.experiment;
      run.epochs = event.epochs;
      this.log.appendLine(`[${time()}] ${event.runId}: ${event.experiment}, ${event.epochs} epochs, batch ${event.batchSize}, ${event.trainSamples} training samples, backend ${event.backend.name}${event.backend.skipped.length ? ` (skipped: ${event.backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}`);
      this.runs.refresh();
    } else if (event.type === 'batch') {
      run.loss = event.metrics.loss;
    } else if (event.type === 'epoch') {
      run.epoch = event.epoch + 1;
      run.loss = event.metrics.loss;
      const metrics = Object.entries(event.metrics).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');
      this.log.appendLine(`[${time()}] ${run.runId}: ${progressText(run.epoch, run.epochs)} · ${metrics} · ${Math.round(event.samplesPerSecond)} samples/s`);
    } else if (event.type === 'log') {
      this.log.appendLine(`[${time()}] ${run.runId}: ${event.level === 'warning' ? 'warning: ' : ''}${event.message}`);
    } else if (event.type === 'diagnostic') {
      this.log.appendLine(`[${time()}] ${run.runId}: ${formatFinding(event.finding).split('\n')[0]}`);
    } else if (event.type === 'run-finished') {
      const why = event.error ? `: ${event.error.message}` : event.stopReason ? ` (${event.stopReason})` : '';
      this.log.appendLine(`[${time()}] ${event.runId}: ${event.status}${why}`);
      if (event.error?.stack) this.log.appendLine(event.error.stack);
    }
    run.events.push(event);
    this.eventEmitter.fire({ runId: run.runId, file: run.file, event });
  }

  private onDone(run: ActiveRun, outcome: TrainingOutcome): TrainingOutcome {
    this.active.delete(run.runId);
    this.activeEmitter.fire();
    this.runs.refresh();
    if (outcome.kind === 'load-error') {
      const where = outcome.error.location ? `${path.basename(outcome.error.location.file)}:${outcome.error.location.line}` : path.basename(run.file);
      this.log.appendLine(`[${time()}] Could not train ${where}: ${outcome.error.message}${outcome.error.details ? `\n${outcome.error.details}` : ''}`);
    }
    this.endEmitter.fire({ run, outcome });
    return outcome;
  }

  dispose(): void {
    // Training processes belong to the window: stop them when it closes (they record themselves as cancelled).
    for (const run of this.active.values()) run.handle.cancel();
    this.eventEmitter.dispose();
    this.activeEmitter.dispose();
    this.endEmitter.dispose();
  }
}

function time(): string {
  return new Date().toLocaleTimeString('en-GB');
}
