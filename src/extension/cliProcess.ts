// Runs a `modellab` CLI command with --json in its own process and returns its last JSON line. Exports
// and test evaluations load tfjs (and onnxruntime) and run models: never in the extension host.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { packageRoot } from '../paths';

/** `modellab <args> --json` in its own process, stdout and stderr piped. */
function forkCli(args: string[]): ChildProcess {
  return fork(path.join(packageRoot(), 'dist', 'cli.js'), [...args, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
    // In desktop VS Code process.execPath is Electron: this makes it run the script as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
}

export function runCliJson<T extends { type: string; message?: string }>(args: string[], token: vscode.CancellationToken, log: vscode.OutputChannel): Promise<T | { type: 'error'; message: string }> {
  return new Promise((resolve) => {
    const child = forkCli(args);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const cancel = token.onCancellationRequested(() => child.kill());
    child.on('exit', (code, signal) => {
      cancel.dispose();
      const last = stdout.trim().split('\n').filter(Boolean).pop();
      try {
        if (last) return resolve(JSON.parse(last) as T);
      } catch {
        // Not JSON: fall through to the process's own words.
      }
      if (stderr.trim()) log.appendLine(stderr.trim());
      resolve({ type: 'error', message: token.isCancellationRequested ? 'cancelled' : `the ${args[0]} process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}` });
    });
  });
}

/** How a streamed CLI command ended: its last JSON line (the *-finished summary, or an `error` event). */
export type CliStreamResult<T> =
  | { kind: 'finished'; event: T }
  | { kind: 'error'; message: string; code?: string; location?: { file: string; line: number; column: number } };

export interface CliStream<T> {
  /** Resolves (never rejects) once the process has exited. */
  done: Promise<CliStreamResult<T>>;
  /** Asks the command to stop (SIGTERM: it records itself as cancelled), then kills it after a grace period. */
  stop(): void;
  readonly pid: number | undefined;
}

const STOP_GRACE_MS = 15_000;

/**
 * Runs `modellab <args> --json` in its own process (model files are user code: never in the extension host)
 * and hands each JSON line to `onEvent` as it arrives. `isFinished` tells the summary line apart.
 */
export function streamCliJson<T extends { type: string }>(
  args: string[],
  onEvent: (event: { type: string; [key: string]: unknown }) => void,
  isFinished: (event: { type: string }) => event is T,
  log: vscode.OutputChannel,
): CliStream<T> {
  const child = forkCli(args);
  let pending = '';
  let stderr = '';
  let finished: T | undefined;
  let error: Extract<CliStreamResult<T>, { kind: 'error' }> | undefined;
  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  const handleLine = (line: string) => {
    if (!line.trim()) return;
    let event: { type: string; [key: string]: unknown };
    try {
      event = JSON.parse(line);
    } catch {
      log.appendLine(line);
      return;
    }
    if (!event || typeof event.type !== 'string') return;
    if (event.type === 'error') {
      error = { kind: 'error', message: String(event.message ?? 'unknown error'), code: typeof event.code === 'string' ? event.code : undefined, location: event.location as { file: string; line: number; column: number } | undefined };
      return;
    }
    if (isFinished(event)) finished = event;
    try {
      onEvent(event);
    } catch (err) {
      log.appendLine(`[${args[0]}] ${(err as Error).stack ?? err}`);
    }
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) handleLine(line);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const done = new Promise<CliStreamResult<T>>((resolve) => {
    let settled = false;
    const settle = (result: CliStreamResult<T>) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      resolve(result);
    };
    child.on('error', (err) => settle({ kind: 'error', message: `could not start modellab ${args[0]}: ${err.message}` }));
    child.on('exit', (code, signal) => {
      handleLine(pending);
      if (stderr.trim()) log.appendLine(`[${args[0]}] ${stderr.trim()}`);
      if (finished) return settle({ kind: 'finished', event: finished });
      if (error) return settle(error);
      const tail = stderr.trim().split('\n').pop();
      settle({ kind: 'error', message: stopping ? 'stopped' : `the ${args[0]} process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${tail ? `: ${tail}` : ''}` });
    });
  });
  return {
    done,
    pid: child.pid,
    stop() {
      if (stopping || child.exitCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), STOP_GRACE_MS);
    },
  };
}
