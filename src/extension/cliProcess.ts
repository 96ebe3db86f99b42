// Runs a `modellab` CLI command with --json in its own process and returns its last JSON line. Exports
// and test evaluations load tfjs (and onnxruntime) and run models: never in the extension host.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { packageRoot } from '../paths';

export function runCliJson<T extends { type: string; message?: string }>(args: string[], token: vscode.CancellationToken, log: vscode.OutputChannel): Promise<T | { type: 'error'; message: string }> {
  return new Promise((resolve) => {
    const child = fork(path.join(packageRoot(), 'dist', 'cli.js'), [...args, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      // In desktop VS Code process.execPath is Electron: this makes it run the script as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
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
