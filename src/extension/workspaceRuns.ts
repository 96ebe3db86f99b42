// Every run recorded in the workspace, across its folders, kept current: runs made by the extension,
// by the CLI in a terminal, or deleted by hand all show up, through a file watcher on run.json files where
// the editor watches the runs folder, and by looking at the run records once a second where it does not.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findWorkspace, groupFile, listGroups, readGroup, RunStore } from '../engine';
import type { GroupRecord } from '../protocol/groupRecord';
import type { RunRecord } from '../protocol/runRecord';
import { runsDirOf } from './settings';

const POLL_MS = 1000;

export class WorkspaceRuns implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) when a run was created, updated or deleted. */
  readonly onDidChange = this.changed.event;
  private watchers: vscode.FileSystemWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private cache: RunRecord[] | undefined;
  private groupCache: GroupRecord[] | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private readonly poll: NodeJS.Timeout;
  private lastSignature = '';

  constructor() {
    this.watch();
    // Model Lab asks the editor not to watch .modellab (configurationDefaults: a run writing there many times a
    // second kept the workbench busy), so runs written elsewhere (the CLI) are noticed by looking, once a second.
    this.lastSignature = this.signature();
    this.poll = setInterval(() => {
      const now = this.signature();
      if (now !== this.lastSignature) {
        this.lastSignature = now;
        this.scheduleRefresh();
      }
    }, POLL_MS);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rewatch()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('modelLab.runsFolder') && this.rewatch()),
    );
  }

  /** Runs folders of the open workspace folders (those that exist or not). */
  runsDirs(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).map((f) => runsDirOf(f.uri.fsPath, f.uri));
  }

  /** The runs folder a model file's runs go to: its workspace folder's, else the nearest project folder's. */
  runsDirFor(file: string): { workspace: string; runsDir: string } {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    const workspace = folder?.uri.fsPath ?? findWorkspace(file);
    return { workspace, runsDir: runsDirOf(workspace, folder?.uri) };
  }

  /** The store holding a run, by id. */
  storeOf(runId: string): RunStore | undefined {
    for (const dir of this.runsDirs()) if (fs.existsSync(path.join(dir, runId, 'run.json'))) return new RunStore(dir);
    return undefined;
  }

  get(runId: string): RunRecord | undefined {
    try {
      return this.storeOf(runId)?.get(runId);
    } catch {
      return undefined;
    }
  }

  /** All runs, newest first. */
  list(): RunRecord[] {
    if (!this.cache) {
      const all = this.runsDirs().flatMap((dir) => {
        try {
          return new RunStore(dir).list();
        } catch {
          return [];
        }
      });
      this.cache = all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    }
    return this.cache;
  }

  /** Every sweep and cross-validation record (`.groups/*.json`) of the workspace, newest first. */
  groups(): GroupRecord[] {
    if (!this.groupCache) {
      this.groupCache = this.runsDirs()
        .flatMap((dir) => listGroups(dir))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    }
    return this.groupCache;
  }

  /** The runs folder holding a group's record, by id. */
  groupRunsDir(groupId: string): string | undefined {
    return this.runsDirs().find((dir) => fs.existsSync(groupFile(dir, groupId)));
  }

  group(groupId: string): GroupRecord | undefined {
    const dir = this.groupRunsDir(groupId);
    return dir ? readGroup(dir, groupId) : undefined;
  }

  /** Tells listeners now (after the extension itself changed a run). */
  refresh(): void {
    this.cache = undefined;
    this.groupCache = undefined;
    this.changed.fire();
  }

  private scheduleRefresh(): void {
    this.cache = undefined;
    this.groupCache = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.changed.fire(), 300);
  }

  private watch(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const dir = runsDirOf(folder.uri.fsPath, folder.uri);
      const relative = path.relative(folder.uri.fsPath, dir);
      // Relative to the workspace folder when inside it, so the watcher works before the runs folder exists.
      const inside = relative && !relative.startsWith('..') && !path.isAbsolute(relative);
      const patternFor = (glob: string) => (inside ? new vscode.RelativePattern(folder, `${relative.split(path.sep).join('/')}/${glob}`) : new vscode.RelativePattern(vscode.Uri.file(dir), glob));
      // Run records, and the sweep / cross-validation records beside them.
      for (const glob of ['*/run.json', '.groups/*.json']) {
        const watcher = vscode.workspace.createFileSystemWatcher(patternFor(glob));
        watcher.onDidCreate(() => this.scheduleRefresh());
        watcher.onDidChange(() => this.scheduleRefresh());
        watcher.onDidDelete(() => this.scheduleRefresh());
        this.watchers.push(watcher);
      }
    }
  }

  private rewatch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    this.watch();
    this.refresh();
  }

  private signature(): string {
    return this.runsDirs().map((dir) => new RunStore(dir).signature()).join('#');
  }

  dispose(): void {
    clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
