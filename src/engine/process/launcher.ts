// Starts a training run in its own process and relays its events. A crash of that process (exception,
// native abort, out of memory) never reaches the caller: it becomes a failed run with the reason.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../paths';
import type { RunFinishedEvent, TrainingEvent } from '../../protocol/events';
import { newRunId } from '../runs/runId';
import { RunStore } from '../runs/store';
import { findWorkspace } from '../util/workspace';
import type { FromTrainer, LoadErrorPayload, ToTrainer, TrainRequest } from './protocol';

export type TrainOptions = Omit<TrainRequest, 'runId' | 'runsDir' | 'workspace'> & {
  /** The run's id, when the caller shows the run before it starts (the editor's dashboard); else a new one. */
  runId?: string;
  /** Workspace folder; runs go to `<workspace>/.modellab/runs` unless runsDir is given. */
  workspace?: string;
  runsDir?: string;
  /** Extra Node flags for the training process (e.g. --max-old-space-size). */
  execArgv?: string[];
  /**
   * 'background': the training process yields the CPU to the editor that started it (a lower scheduling
   * priority; it still gets every idle core). On 2 cores a training run at normal priority left the editor
   * so little that a dashboard took 6–12 s to load. Default 'normal' (the CLI: training is the job).
   */
  priority?: 'normal' | 'background';
};

export type TrainingOutcome =
  | { kind: 'finished'; runId: string; finished: RunFinishedEvent }
  | { kind: 'load-error'; error: LoadErrorPayload };

export interface TrainingHandle {
  runId: string;
  /** The runs folder this run is recorded in. */
  runsDir: string;
  /** Resolves when the process has ended and the run is recorded. Never rejects for training failures. */
  done: Promise<TrainingOutcome>;
  /** Asks the run to stop after the current batch. */
  cancel(): void;
  /** Ends the process at once (the run is recorded as failed). */
  kill(): void;
}

/** A new run id for a model file: its time and the file's name. */
export function newRunIdFor(file: string): string {
  return newRunId(path.basename(file).replace(/\.(model\.)?[tj]s$/, ''));
}

/** A bundled entry point in dist/, or a clear error when Model Lab has not been built. */
export function builtScript(name: string): string {
  const script = path.join(packageRoot(), 'dist', name);
  if (!fs.existsSync(script)) throw new Error(`Model Lab is not built: ${script} is missing. Run \`npm run build\`.`);
  return script;
}

export function workerScript(): string {
  return builtScript('train-worker.js');
}

/** The environment of an engine process: in desktop VS Code process.execPath is Electron, and this makes it run the script as plain Node. */
export function engineProcessEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
}

export { findWorkspace };

export function defaultRunsDir(workspace: string): string {
  return path.join(workspace, '.modellab', 'runs');
}

const STDERR_TAIL = 4000;
const BACKGROUND_NICENESS = 10;

export function startTraining(options: TrainOptions, onEvent: (event: TrainingEvent) => void = () => undefined): TrainingHandle {
  const file = path.resolve(options.file);
  const workspace = options.workspace ?? findWorkspace(file);
  const runsDir = options.runsDir ?? defaultRunsDir(workspace);
  const { execArgv = [], priority = 'normal', runId, ...trainOptions } = options;
  const request: TrainRequest = { ...trainOptions, file, workspace, runsDir, runId: runId ?? newRunIdFor(file) };
  const child: ChildProcess = fork(workerScript(), [], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    execArgv,
    serialization: 'advanced',
    env: engineProcessEnv(),
  });
  if (priority === 'background' && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, BACKGROUND_NICENESS);
    } catch {
      // Not permitted here (some containers): it trains at the normal priority.
    }
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  let finished: RunFinishedEvent | undefined;
  let loadError: LoadErrorPayload | undefined;
  let started = false;
  const relay = (event: TrainingEvent) => {
    if (event.type === 'run-started') {
      started = true;
      request.runId = event.runId;
    }
    if (event.type === 'run-finished') finished = event;
    onEvent(event);
  };
  child.on('message', (message: FromTrainer) => {
    if (message.type === 'load-error') loadError = message.error;
    else if (message.type === 'events') message.events.forEach(relay);
    else relay(message.event);
  });
  const send = (message: ToTrainer) => {
    if (child.connected) child.send(message);
  };
  send({ type: 'start', request });
  const done = new Promise<TrainingOutcome>((resolve) => {
    child.on('exit', (code, signal) => {
      if (finished) return resolve({ kind: 'finished', runId: request.runId, finished });
      if (loadError) return resolve({ kind: 'load-error', error: loadError });
      const reason = describeExit(code, signal, stderr);
      if (!started) {
        // It died before recording anything: say so as a failed run the caller can show.
        return resolve({ kind: 'load-error', error: { code: 'module-threw', message: `The training process ended before training started: ${reason}` } });
      }
      const event = new RunStore(runsDir).markFailed(request.runId, { message: reason });
      onEvent(event);
      resolve({ kind: 'finished', runId: request.runId, finished: event });
    });
  });
  return {
    get runId() {
      return request.runId;
    },
    runsDir,
    done,
    cancel: () => send({ type: 'cancel' }),
    kill: () => child.kill('SIGKILL'),
  };
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const tail = stderr.trim().split('\n').slice(-8).join('\n');
  if (/heap out of memory|Allocation failed/i.test(stderr)) return `the training process ran out of memory${tail ? `\n${tail}` : ''}`;
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return `the training process ${how}${tail ? `\n${tail}` : ''}`;
}
