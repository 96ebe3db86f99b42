// Model Lab: Show Backends — the CLI's backend report (each backend tried in a process of its own, never in the
// extension host: loading libtensorflow here could take the editor down), in the output channel and a summary.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendReport } from '../engine';
import { backendReportText } from '../cli/format';
import { packageRoot } from '../paths';
import { runJob } from './jobs';

/**
 * The backends folder for every process the extension starts (training, reports, installs): they inherit the
 * extension host's environment.
 */
export function applyBackendsFolderSetting(globalStorage: string): vscode.Disposable {
  const inherited = process.env.MODELLAB_BACKENDS_DIR;
  const apply = () => {
    const folder = vscode.workspace.getConfiguration('modelLab').get<string>('backendsFolder', '').trim();
    // The setting, else MODELLAB_BACKENDS_DIR as the editor was started with, else the extension's global storage
    // (the CLI's ~/.modellab/backends is searched after it either way).
    process.env.MODELLAB_BACKENDS_DIR = folder ? folder.replace(/^~(?=$|[\\/])/, os.homedir()) : inherited ?? path.join(globalStorage, 'backends');
  };
  apply();
  return vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('modelLab.backendsFolder') && apply());
}

/** A CUDA GPU driver is visible (what makes tensorflow-gpu worth offering first). */
function nvidiaDriverPresent(): boolean {
  return fs.existsSync('/proc/driver/nvidia/version') || fs.existsSync('/dev/nvidia0');
}

/** `modellab backend install NAME` in a child process, its output in the channel; the last line of stderr on failure. */
function runInstall(name: string, log: vscode.OutputChannel, token: vscode.CancellationToken): Promise<{ code: number | null; lastError: string }> {
  const cli = path.join(packageRoot(), 'dist', 'cli.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'backend', 'install', name], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastError = '';
    child.stdout.on('data', (d: Buffer) => log.append(d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      log.append(text);
      const line = text.split('\n').reverse().find((l) => l.startsWith('modellab: '));
      if (line) lastError = line.slice('modellab: '.length);
    });
    token.onCancellationRequested(() => child.kill('SIGTERM'));
    child.on('close', (code) => resolve({ code, lastError }));
  });
}

export function registerInstallBackendCommand(log: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('modelLab.installBackend', async (name?: string) => {
    const gpu = nvidiaDriverPresent();
    const items = [
      { label: 'tensorflow-gpu', description: 'native TensorFlow on an NVIDIA GPU (CUDA 11.2, cuDNN 8.1)', detail: gpu ? 'An NVIDIA driver is present on this machine.' : 'No NVIDIA driver found on this machine.' },
      { label: 'tensorflow', description: 'native TensorFlow on the CPU', detail: 'Usually faster than WebAssembly for large models.' },
    ];
    const picked = name ?? (await vscode.window.showQuickPick(gpu ? items : [items[1], items[0]], { title: 'Model Lab: Install Native Backend', placeHolder: 'Which backend? Its install downloads libtensorflow (internet access needed).' }))?.label;
    if (picked !== 'tensorflow' && picked !== 'tensorflow-gpu') return undefined;
    log.show(true);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Model Lab: installing ${picked}…`, cancellable: true }, (_p, token) => runInstall(picked, log, token));
    if (result.code === 0) void vscode.window.showInformationMessage(`Model Lab: ${picked} is installed and trains here; runs with backend 'auto' use it.`);
    else void vscode.window.showErrorMessage(`Model Lab: ${result.lastError || `installing ${picked} failed (see the Model Lab output)`}`);
    return { ok: result.code === 0, reason: result.lastError };
  });
}

export function registerBackendsCommand(log: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('modelLab.showBackends', async () => {
    // A workspace's own node_modules is code from the workspace: looked in only when the workspace is trusted.
    const workspace = vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath : undefined;
    let report: BackendReport;
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Lab: trying each backend…' }, (_p, token) =>
        runJob({ kind: 'backend-status', workspace }, token, log));
      if (result.type === 'error') throw new Error(`the backend report failed: ${result.message}`);
      if (result.type !== 'backend-report') throw new Error(`the backend report ended with an unexpected ${result.type} event`);
      report = result;
    } catch (err) {
      void vscode.window.showErrorMessage(`Model Lab: ${(err as Error).message}`);
      return undefined;
    }
    log.append(backendReportText(report));
    const skipped = report.backends.slice(0, report.backends.findIndex((b) => b.name === report.auto)).map((b) => `${b.name}: ${b.reason}`);
    void vscode.window.showInformationMessage(`Model Lab trains on ${report.auto} here.${skipped.length ? ` Faster ones skipped — ${skipped.join(' · ')}` : ''}`, 'Show Details').then((pick) => {
      if (pick) log.show(true);
    });
    return report;
  });
}
