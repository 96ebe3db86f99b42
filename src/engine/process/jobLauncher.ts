// Starts a job (src/protocol/jobs.ts) in a process of its own and relays its typed events: how the extension
// runs range tests, sweeps, cross-validations, exports and evaluations without loading user code or
// TensorFlow.js into the editor's process, and without reading any command's printed output.
import { fork } from 'node:child_process';
import { isJobSummary, type FromJobProcess, type JobErrorEvent, type JobEvent, type JobRequest, type ToJobProcess } from '../../protocol/jobs';
import { builtScript, engineProcessEnv } from './launcher';

/** How a job ended: its exit code and last event (the *-finished summary, or an error event). */
export interface JobOutcome {
  exitCode: number | null;
  /** The last event the job sent, if any. */
  last?: JobEvent;
  /** The job's own error event, or one made here when its process died without one. */
  error?: JobErrorEvent;
  /** Stopped by the caller before it finished. */
  stopped: boolean;
}

export interface JobProcess {
  readonly pid: number | undefined;
  /** Resolves (never rejects) once the process has exited. */
  done: Promise<JobOutcome>;
  /** Asks the job to stop (member runs finish their batch and are recorded), then kills it after a grace period. */
  stop(): void;
}

const STOP_GRACE_MS = 15_000;
const STDERR_TAIL = 4000;


export function startJobProcess(request: JobRequest, onEvent: (event: JobEvent) => void = () => undefined, onStderr?: (text: string) => void): JobProcess {
  const child = fork(builtScript('job-worker.js'), [], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
    serialization: 'advanced',
    env: engineProcessEnv(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
  });
  let last: JobEvent | undefined;
  let error: JobErrorEvent | undefined;
  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  child.on('message', (message: FromJobProcess) => {
    if (message.type !== 'events') return;
    for (const event of message.events) {
      last = event;
      if (event.type === 'error') error = event;
      onEvent(event);
    }
  });
  const send = (message: ToJobProcess) => {
    if (child.connected) child.send(message);
  };
  send({ type: 'start', request });
  const done = new Promise<JobOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: JobOutcome) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      if (stderr.trim()) onStderr?.(stderr.trim());
      resolve(outcome);
    };
    child.on('error', (err) => settle({ exitCode: null, stopped: stopping, error: { type: 'error', code: 'job-process', message: `could not start the ${request.kind} process: ${err.message}` } }));
    child.on('exit', (code, signal) => {
      const finished = last !== undefined && isJobSummary(last);
      if (finished || error || stopping) return settle({ exitCode: code, last, error, stopped: stopping });
      const tail = stderr.trim().split('\n').pop();
      settle({ exitCode: code, last, stopped: false, error: { type: 'error', code: 'job-process', message: `the ${request.kind} process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${tail ? `: ${tail}` : ''}` } });
    });
  });
  return {
    pid: child.pid,
    done,
    stop() {
      if (stopping || child.exitCode !== null) return;
      stopping = true;
      send({ type: 'stop' });
      killTimer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), STOP_GRACE_MS);
    },
  };
}
