// The extension's settings, read in one place with their defaults.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendRequest } from '../protocol/events';

export interface ModelLabSettings {
  backend: BackendRequest;
  /** 0: the experiment's own probe interval. */
  probeInterval: number;
  runsFolder: string;
  stopOnDivergence: boolean;
  openDashboardOnTrain: boolean;
}

export function readSettings(scope?: vscode.Uri): ModelLabSettings {
  const c = vscode.workspace.getConfiguration('modelLab', scope);
  const backend = c.get<string>('backend', 'auto');
  return {
    backend: (['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend) ? backend : 'auto') as BackendRequest,
    probeInterval: Math.max(0, Math.floor(c.get<number>('probeInterval', 0) || 0)),
    runsFolder: c.get<string>('runsFolder', '.modellab/runs') || '.modellab/runs',
    stopOnDivergence: c.get<boolean>('stopOnDivergence', true),
    openDashboardOnTrain: c.get<boolean>('openDashboardOnTrain', true),
  };
}

/** The runs folder of a workspace folder (the setting may be relative to it or absolute). */
export function runsDirOf(folder: string, scope?: vscode.Uri): string {
  const configured = readSettings(scope).runsFolder;
  return path.isAbsolute(configured) ? configured : path.join(folder, configured);
}
