// The Experiments view: model files → experiments → runs, newest first, updated live and picking up runs
// made by the CLI. Grouping and labels come from src/ide/runsTree; this file only makes TreeItems.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mayDefineExperiments, scanExperiments, experimentKey } from '../ide/experimentScanner';
import { buildRunsTree, runTooltip, type FileNode, type GroupNode, type KnownModelFile, type TreeNode } from '../ide/runsTree';
import type { TrainingManager } from './trainingManager';
import type { WorkspaceRuns } from './workspaceRuns';
import { Coalescer } from './coalesce';

const STATUS_ICONS: Record<string, [string, string?]> = {
  running: ['loading~spin'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  cancelled: ['circle-slash', 'disabledForeground'],
  interrupted: ['debug-disconnect', 'problemsWarningIcon.foreground'],
  diverged: ['flame', 'problemsErrorIcon.foreground'],
};

export class ExperimentsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: FileNode[] = [];
  private known: KnownModelFile[] = [];
  private readonly parents = new Map<string, TreeNode>();
  private readonly disposables: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;
  /** Epoch progress in the tree, at a readable pace (see coalesce.ts). */
  private readonly progress = new Coalescer(() => this.refresh());

  constructor(private readonly runs: WorkspaceRuns, private readonly training: TrainingManager) {
    this.disposables.push(
      runs.onDidChange(() => this.refresh()),
      training.onDidChangeActive(() => this.refresh()),
      training.onDidEvent(({ event }) => (event.type === 'epoch' || event.type === 'run-started') && this.progress.schedule()),
      vscode.workspace.onDidSaveTextDocument((d) => d.fileName.endsWith('.model.ts') && this.scanModelFiles()),
    );
    this.scanModelFiles();
  }

  /** Finds model files (`*.model.ts`) so experiments show before their first run. */
  async scanModelFiles(): Promise<void> {
    const uris = await vscode.workspace.findFiles('**/*.model.{ts,js}', '**/{node_modules,.modellab,dist,out}/**', 500);
    const known: KnownModelFile[] = [];
    for (const uri of uris) {
      try {
        const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
        if (!mayDefineExperiments(text)) continue;
        const experiments = scanExperiments(text).map((e) => e.name ?? experimentKey(e)).filter((n): n is string => !!n);
        if (experiments.length) known.push({ file: uri.fsPath, experiments });
      } catch {
        // Unreadable: it simply does not show until it has runs.
      }
    }
    this.known = known;
    this.refresh();
  }

  refresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.rebuild();
      this.changed.fire(undefined);
    }, 150);
  }

  private rebuild(): void {
    const progress = new Map(this.training.activeRuns().map((r) => [r.runId, { epoch: r.epoch, epochs: r.epochs, loss: r.loss }]));
    const workspace = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined;
    this.roots = buildRunsTree(this.runs.list(), this.known, { workspace, progress, groups: this.runs.groups() });
    this.parents.clear();
    for (const file of this.roots) {
      for (const experiment of file.experiments) {
        this.parents.set(experiment.id, file);
        for (const child of experiment.children) {
          this.parents.set(child.id, experiment);
          if (child.kind === 'group') for (const run of child.runs) this.parents.set(run.id, child);
        }
      }
    }
  }

  /** The group node of a sweep or cross-validation, by id. */
  findGroup(groupId: string): GroupNode | undefined {
    this.rebuild();
    for (const file of this.roots) for (const e of file.experiments) for (const c of e.children) if (c.kind === 'group' && c.groupId === groupId) return c;
    return undefined;
  }

  /** The tree's nodes, depth first (for tests and the API). */
  async describe(): Promise<string[]> {
    this.rebuild();
    const lines: string[] = [];
    for (const file of this.roots) {
      lines.push(file.label);
      for (const experiment of file.experiments) {
        lines.push(`  ${experiment.experiment}`);
        for (const child of experiment.children) {
          if (child.kind === 'group') {
            lines.push(`    ${child.label}${child.description ? ` · ${child.description}` : ''}`);
            for (const run of child.runs) lines.push(`      ${run.label} ${run.record.runId} ${run.record.status}${run.description ? ` · ${run.description}` : ''}`);
          } else {
            lines.push(`    ${child.record.runId} ${child.record.status}${child.description ? ` · ${child.description}` : ''}`);
          }
        }
      }
    }
    return lines;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      if (this.roots.length === 0) this.rebuild();
      return this.roots;
    }
    if (node.kind === 'file') return node.experiments;
    if (node.kind === 'experiment') return node.children;
    if (node.kind === 'group') return node.runs;
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node.id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'file') {
      // Files with runs open; the rest (found in the workspace, never trained) stay folded so the runs stand out.
      const item = new vscode.TreeItem(node.label, node.experiments.some((e) => e.runs.length > 0) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.resourceUri = vscode.Uri.file(node.file);
      item.iconPath = vscode.ThemeIcon.File;
      item.contextValue = 'file';
      item.tooltip = node.file;
      return item;
    }
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.experiment, node.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      item.tooltip = `${node.experiment} in ${path.basename(node.file)}`;
      return item;
    }
    if (node.kind === 'group') {
      // Running groups stay open so their trials show as they start; finished ones fold away.
      const item = new vscode.TreeItem(node.label, node.status === 'running' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = node.description;
      const [icon, color] = node.status === 'running' ? ['loading~spin'] : node.groupKind === 'sweep' ? ['settings', STATUS_ICONS[node.status]?.[1]] : ['layers', STATUS_ICONS[node.status]?.[1]];
      item.iconPath = new vscode.ThemeIcon(icon!, color ? new vscode.ThemeColor(color) : undefined);
      item.contextValue = node.contextValue;
      const tooltip = new vscode.MarkdownString(node.tooltip);
      tooltip.supportThemeIcons = true;
      item.tooltip = tooltip;
      item.command = { command: 'modelLab.openGroup', title: 'Open', arguments: [node.groupId] };
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    const [icon, color] = STATUS_ICONS[node.record.status] ?? ['circle-outline'];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.contextValue = node.contextValue;
    const tooltip = new vscode.MarkdownString(runTooltip(node.record));
    tooltip.supportThemeIcons = true;
    item.tooltip = tooltip;
    item.command = { command: 'modelLab.openDashboard', title: 'Open Run Dashboard', arguments: [node.record.runId] };
    return item;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.progress.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
