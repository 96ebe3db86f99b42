// Model Lab: Show Backends — the CLI's backend report (each backend tried in a process of its own, never in the
// extension host: loading libtensorflow here could take the editor down), in the output channel and a summary.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendReport } from '../engine/backend/status';

function runReport(extensionPath: string, workspace: string | undefined): Promise<BackendReport> {
  const cli = path.join(extensionPath, 'dist', 'cli.js');
  const args = [cli, 'backend', 'status', '--json', ...(workspace ? ['--workspace', workspace] : [])];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 300_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as BackendReport);
      } catch {
        reject(new Error(`the backend report failed: ${(stderr || (err as Error | null)?.message || 'no output').trim().split('\n').pop()}`));
      }
    });
  });
}

/** The report as the output channel shows it. */
export function reportLines(report: BackendReport): string[] {
  return [
    `Backends (TensorFlow.js ${report.tfjs}); native ones are looked for in ${report.backendsDir}, then the workspace's node_modules, then Model Lab's:`,
    ...report.backends.map((b) => `  ${b.available ? '✓' : '✗'} ${b.name.padEnd(15)} ${b.version ?? '-'}  ${b.available ? [b.location ?? "Model Lab's own", b.simd !== undefined ? `SIMD ${b.simd ? 'on' : 'off'}` : '', b.threads ? `${b.threads} thread(s)` : '', b.stepMs !== undefined ? `training step ${b.stepMs} ms` : ''].filter(Boolean).join(', ') : b.reason}`),
    `Training with backend 'auto' uses: ${report.auto}`,
  ];
}

export function registerBackendsCommand(extensionPath: string, log: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('modelLab.showBackends', async () => {
    // A workspace's own node_modules is code from the workspace: looked in only when the workspace is trusted.
    const workspace = vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined;
    let report: BackendReport;
    try {
      report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Lab: trying each backend…' }, () => runReport(extensionPath, workspace));
    } catch (err) {
      void vscode.window.showErrorMessage(`Model Lab: ${(err as Error).message}`);
      return undefined;
    }
    for (const line of reportLines(report)) log.appendLine(line);
    const skipped = report.backends.slice(0, report.backends.findIndex((b) => b.name === report.auto)).map((b) => `${b.name}: ${b.reason}`);
    void vscode.window.showInformationMessage(`Model Lab trains on ${report.auto} here.${skipped.length ? ` Faster ones skipped — ${skipped.join(' · ')}` : ''}`, 'Show Details').then((pick) => {
      if (pick) log.show(true);
    });
    return report;
  });
}
