// Export Run to ONNX from the editor. The export loads tfjs and onnxruntime and runs both models to
// verify the file, so it runs in its own process (the CLI's `export --json`), never in the extension host.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { packageRoot } from '../paths';

/** The CLI's last JSON line for an export: export-finished, export-failed or error. */
export interface ExportOutcome {
  type: 'export-finished' | 'export-failed' | 'error';
  file?: string | null;
  message?: string;
  location?: { file: string; line: number; column: number };
  opset?: number;
  sizeBytes?: number;
  verification?: { passed?: boolean; skipped?: boolean; outputs?: { name: string; maxAbs: number; maxRel: number; passed: boolean }[] };
}

export function runExport(runsDir: string, runId: string, options: { out?: string; which?: 'best' | 'last' }, token: vscode.CancellationToken, log: vscode.OutputChannel): Promise<ExportOutcome> {
  const args = ['export', runId, '--runs-dir', runsDir, '--json', ...(options.out ? ['--out', options.out] : []), ...(options.which ? [`--${options.which}`] : [])];
  return new Promise((resolve) => {
    const child = fork(path.join(packageRoot(), 'dist', 'cli.js'), args, {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
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
        if (last) return resolve(JSON.parse(last) as ExportOutcome);
      } catch {
        // Not JSON: fall through to the process's own words.
      }
      if (stderr.trim()) log.appendLine(stderr.trim());
      resolve({ type: 'error', message: token.isCancellationRequested ? 'cancelled' : `the export process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}` });
    });
  });
}

export function describeExport(outcome: ExportOutcome): string {
  const worst = (outcome.verification?.outputs ?? []).reduce((m, o) => Math.max(m, o.maxAbs), 0);
  const check = outcome.verification?.skipped ? 'not verified' : `verified with onnxruntime (max |Δ| ${worst.toExponential(1)})`;
  return `${path.basename(outcome.file ?? 'model.onnx')}: opset ${outcome.opset}, ${((outcome.sizeBytes ?? 0) / 1024).toFixed(1)} KiB, ${check}`;
}
