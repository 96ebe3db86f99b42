// Model Lab: Show Backends — the CLI's backend report (each backend tried in a process of its own, never in the
// extension host: loading libtensorflow here could take the editor down), in the output channel and a summary.
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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
function runInstall(extensionPath: string, name: string, log: vscode.OutputChannel, token: vscode.CancellationToken): Promise<{ code: number | null; lastError: string }> {
  const cli = path.join(extensionPath, 'dist', 'cli.js');
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

export function registerInstallBackendCommand(extensionPath: string, log: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('modelLab.installBackend', async (name?: string) => {
    const gpu = nvidiaDriverPresent();
    const items = [
      { label: 'tensorflow-gpu', description: 'native TensorFlow on an NVIDIA GPU (CUDA 11.2, cuDNN 8.1)', detail: gpu ? 'An NVIDIA driver is present on this machine.' : 'No NVIDIA driver found on this machine.' },
      { label: 'tensorflow', description: 'native TensorFlow on the CPU', detail: 'Usually faster than WebAssembly for large models.' },
    ];
    const picked = name ?? (await vscode.window.showQuickPick(gpu ? items : [items[1], items[0]], { title: 'Model Lab: Install Native Backend', placeHolder: 'Which backend? Its install downloads libtensorflow (internet access needed).' }))?.label;
    if (picked !== 'tensorflow' && picked !== 'tensorflow-gpu') return undefined;
    log.show(true);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Model Lab: installing ${picked}…`, cancellable: true }, (_p, token) => runInstall(extensionPath, picked, log, token));
    if (result.code === 0) void vscode.window.showInformationMessage(`Model Lab: ${picked} is installed and trains here; runs with backend 'auto' use it.`);
    else void vscode.window.showErrorMessage(`Model Lab: ${result.lastError || `installing ${picked} failed (see the Model Lab output)`}`);
    return { ok: result.code === 0, reason: result.lastError };
  });
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
