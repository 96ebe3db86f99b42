// Range tests, sweeps and cross-validations started from the editor: each is a job (src/protocol/jobs.ts) in a
// process of its own, whose typed events are kept here as the session's state, for the progress notification,
// the CodeLens, the tree and the workflow panels.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CrossValidationFinishedEvent, LrFindFinishedEvent, LrFindStepEvent, SweepFinishedEvent } from '../protocol/workflowEvents';
import { startJobProcess, type JobProcess } from '../engine';
import type { JobEvent, JobRequest } from '../protocol/jobs';
import type { JobResult } from './jobs';
import { readSettings } from './settings';
import { requireTrust } from './workspaceTrust';
import type { WorkspaceRuns } from './workspaceRuns';

export type WorkflowKind = 'lr-find' | 'sweep' | 'cross-validation';
export type WorkflowFinished = LrFindFinishedEvent | SweepFinishedEvent | CrossValidationFinishedEvent;

export interface WorkflowSession {
  /** Unique per session; a sweep or cross-validation also gets `groupId` once its process announces it. */
  id: string;
  kind: WorkflowKind;
  file: string;
  experiment?: string;
  runsDir: string;
  groupId?: string;
  status: 'running' | 'finished' | 'failed' | 'stopped';
  /** Range test: every step so far. */
  steps: LrFindStepEvent[];
  maxSteps?: number;
  finished?: WorkflowFinished;
  error?: JobResult<never> & { kind: 'error' };
  /** Trials or folds: started, ended, planned. */
  progress: { started: number; ended: number; total: number };
  done: Promise<JobResult<WorkflowFinished>>;
  stop(): void;
}

export interface WorkflowOptions {
  epochs?: number;
  trials?: number;
  folds?: number;
  steps?: number;
}

const FINISHED: Record<WorkflowKind, string> = { 'lr-find': 'lr-find-finished', sweep: 'sweep-finished', 'cross-validation': 'cross-validation-finished' };

export class WorkflowSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, WorkflowSession>();
  private readonly changed = new vscode.EventEmitter<WorkflowSession>();
  /** A session started, progressed or ended. */
  readonly onDidChange = this.changed.event;
  private counter = 0;

  constructor(private readonly runs: WorkspaceRuns, private readonly log: vscode.OutputChannel) {}

  active(): WorkflowSession[] {
    return [...this.sessions.values()].filter((s) => s.status === 'running');
  }

  get(id: string): WorkflowSession | undefined {
    return this.sessions.get(id);
  }

  byGroup(groupId: string): WorkflowSession | undefined {
    return [...this.sessions.values()].find((s) => s.groupId === groupId);
  }

  /** The running session of an experiment (by file and name or export name). */
  activeFor(file: string, names: (string | undefined)[]): WorkflowSession | undefined {
    return this.active().find((s) => s.file === file && (s.experiment === undefined || names.includes(s.experiment)));
  }

  async start(kind: WorkflowKind, file: string, experiment: string | undefined, options: WorkflowOptions = {}): Promise<WorkflowSession> {
    // The CLI loads the model file, which is code: the same rule as training.
    requireTrust();
    const uri = vscode.Uri.file(file);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    if (open?.isDirty) await open.save();
    const { runsDir } = this.runs.runsDirFor(file);
    const settings = readSettings(uri);
    const model = { file, experiment, backend: settings.backend };
    const overrides = { epochs: options.epochs };
    const request: JobRequest = kind === 'lr-find' ? { kind, ...model, steps: options.steps }
      : kind === 'sweep' ? { kind, ...model, runsDir, trials: options.trials, overrides }
      : { kind: 'cross-validate', ...model, runsDir, folds: options.folds, overrides };
    const id = `${kind}-${Date.now().toString(36)}-${++this.counter}`;
    this.log.appendLine(`[${time()}] ${request.kind} job: ${JSON.stringify(request)}`);
    let job: JobProcess | undefined;
    const session: WorkflowSession = {
      id, kind, file, experiment, runsDir, status: 'running', steps: [], progress: { started: 0, ended: 0, total: 0 },
      done: Promise.resolve({ kind: 'error', message: 'not started' }),
      stop: () => {
        if (session.status !== 'running') return;
        this.log.appendLine(`[${time()}] Stopping ${describe(session)}`);
        job?.stop();
      },
    };
    job = startJobProcess(request, (event) => this.onEvent(session, event), (stderr) => this.log.appendLine(`[${request.kind}] ${stderr}`));
    this.sessions.set(id, session);
    session.done = job.done.then((outcome): JobResult<WorkflowFinished> => {
      const last = outcome.last;
      if (last && last.type === FINISHED[kind]) return { kind: 'finished', event: last as WorkflowFinished };
      if (outcome.stopped && !outcome.error) return { kind: 'error', message: 'stopped' };
      const error = outcome.error ?? { message: `the ${request.kind} job ended without a summary` };
      return { kind: 'error', message: error.message, ...('code' in error ? { code: error.code } : {}), ...('location' in error && error.location ? { location: error.location } : {}) };
    }).then((result) => {
      if (result.kind === 'finished') {
        session.finished = result.event;
        const status = 'status' in result.event ? result.event.status : 'completed';
        session.status = status === 'cancelled' ? 'stopped' : status === 'completed' ? 'finished' : 'failed';
      } else {
        session.error = result;
        session.status = result.message === 'stopped' ? 'stopped' : 'failed';
        const where = result.location ? ` (${path.basename(result.location.file)}:${result.location.line})` : '';
        this.log.appendLine(`[${time()}] ${describe(session)}: ${result.message}${where}`);
      }
      this.log.appendLine(`[${time()}] ${describe(session)} ${session.status}`);
      this.runs.refresh();
      this.changed.fire(session);
      return result;
    });
    this.changed.fire(session);
    return session;
  }

  private onEvent(session: WorkflowSession, event: JobEvent): void {
    switch (event.type) {
      case 'lr-find-started':
        session.maxSteps = event.steps || undefined;
        break;
      case 'lr-find-step':
        session.steps.push(event);
        break;
      case 'sweep-started':
        session.groupId = event.sweepId;
        session.progress.total = event.trials.length;
        break;
      case 'cross-validation-started':
        session.groupId = event.cvId;
        session.progress.total = event.folds;
        break;
      case 'trial-started':
      case 'fold-started':
        session.progress.started++;
        break;
      case 'trial-finished':
      case 'fold-finished':
        session.progress.ended++;
        this.log.appendLine(`[${time()}] ${describe(session)}: ${event.type === 'trial-finished' ? `trial ${event.trial + 1}` : `fold ${event.fold + 1}`} ${event.status}`);
        break;
      case 'run-started':
        this.runs.refresh();
        return;
      default:
        // Relayed training events (epochs of the member runs) reach the panels through run.json.
        if (!event.type.endsWith('-finished')) return;
    }
    this.changed.fire(session);
  }

  dispose(): void {
    // Like training runs, these processes belong to the window.
    for (const s of this.active()) s.stop();
    this.changed.dispose();
  }
}

export function describe(session: Pick<WorkflowSession, 'kind' | 'experiment' | 'file'>): string {
  const name = session.experiment ?? path.basename(session.file);
  return session.kind === 'lr-find' ? `Range test of ${name}` : session.kind === 'sweep' ? `Sweep of ${name}` : `Cross-validation of ${name}`;
}

/** "trial 3/8", "fold 2/5", "step 40/100" for notifications and lenses. */
export function progressWords(session: WorkflowSession): string {
  if (session.kind === 'lr-find') return `step ${session.steps.length}${session.maxSteps ? `/${session.maxSteps}` : ''}`;
  const unit = session.kind === 'sweep' ? 'trial' : 'fold';
  if (!session.progress.total) return 'starting';
  return `${unit} ${Math.max(1, Math.min(session.progress.started, session.progress.total))}/${session.progress.total}`;
}

function time(): string {
  return new Date().toLocaleTimeString('en-GB');
}
