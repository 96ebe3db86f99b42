// The Experiments tree as data: model files → experiments → runs (newest first). The vscode-facing
// provider only turns these nodes into TreeItems, so grouping, order and labels are tested in Node.
import * as path from 'node:path';
import type { GroupRecord } from '../protocol/groupRecord';
import type { RunRecord } from '../protocol/runRecord';
import { groupNodes, type GroupNode } from './runGroups';
import { formatValue, headlineMetric, runLabel, STATUS_WORDS } from './runSummary';

export type { GroupNode } from './runGroups';

export interface RunNode {
  kind: 'run';
  id: string;
  record: RunRecord;
  label: string;
  description: string;
  /** `run.<status>`, for context menus. */
  contextValue: string;
}

export interface ExperimentNode {
  kind: 'experiment';
  id: string;
  file: string;
  experiment: string;
  /** Every run of the experiment, newest first (grouped ones included). */
  runs: RunNode[];
  /** What the tree shows under it: sweeps and cross-validations as one node each, other runs, newest first. */
  children: (GroupNode | RunNode)[];
  description: string;
}

export interface FileNode {
  kind: 'file';
  id: string;
  file: string;
  label: string;
  experiments: ExperimentNode[];
}

export type TreeNode = FileNode | ExperimentNode | GroupNode | RunNode;

/** A model file found in the workspace, with the experiments its text declares (maybe none trained yet). */
export interface KnownModelFile {
  file: string;
  experiments: string[];
}

export interface TreeOptions {
  /** Folder labels are relative to. */
  workspace?: string;
  /** Progress of running runs: epochs done, by run id. */
  progress?: Map<string, { epoch: number; epochs: number; loss?: number }>;
  /** Sweep and cross-validation records (`.groups/*.json`); runs naming a group are grouped without one too. */
  groups?: GroupRecord[];
}

export function runDescription(record: RunRecord, progress?: { epoch: number; epochs: number }): string {
  const parts: string[] = [];
  if (record.status === 'running') parts.push(progress ? `epoch ${progress.epoch}/${progress.epochs}` : 'starting');
  else if (record.status !== 'completed') parts.push(STATUS_WORDS[record.status]);
  const headline = headlineMetric(record);
  if (headline) parts.push(headline.text);
  if (record.diagnosticsCount > 0) parts.push(`${record.diagnosticsCount} ⚠`);
  // Runs that have seen the test split are marked: their test numbers are no longer for choosing.
  const tested = record.testEvaluations?.[record.testEvaluations.length - 1];
  if (tested) {
    const accuracy = tested.metrics.test_accuracy;
    parts.push(`tested: ${accuracy !== undefined ? `${(accuracy * 100).toFixed(1)}% acc` : `loss ${formatValue(tested.metrics.test_loss)}`}`);
  }
  return parts.join(' · ');
}

export function buildRunsTree(records: RunRecord[], known: KnownModelFile[] = [], options: TreeOptions = {}): FileNode[] {
  const files = new Map<string, Map<string, RunRecord[]>>();
  const experimentsOf = (file: string) => {
    let m = files.get(file);
    if (!m) files.set(file, (m = new Map()));
    return m;
  };
  for (const k of known) for (const name of k.experiments) if (!experimentsOf(k.file).has(name)) experimentsOf(k.file).set(name, []);
  if (known.length) for (const k of known) experimentsOf(k.file);
  for (const record of records) {
    const runs = experimentsOf(record.file);
    if (!runs.has(record.experiment)) runs.set(record.experiment, []);
    runs.get(record.experiment)!.push(record);
  }
  // A group whose runs have not started (or were deleted) still shows under its experiment.
  for (const group of options.groups ?? []) {
    const runs = experimentsOf(group.file);
    if (!runs.has(group.experiment)) runs.set(group.experiment, []);
  }
  const label = (file: string) => (options.workspace && file.startsWith(options.workspace + path.sep) ? path.relative(options.workspace, file) : file).split(path.sep).join('/');
  const runNode = (record: RunRecord): RunNode => ({
    kind: 'run',
    id: `run:${record.runId}`,
    record,
    label: runLabel(record),
    description: runDescription(record, options.progress?.get(record.runId)),
    contextValue: `run.${record.status === 'completed' ? 'done' : record.status}`,
  });
  return [...files.entries()]
    .map(([file, experiments]): FileNode => ({
      kind: 'file',
      id: `file:${file}`,
      file,
      label: label(file),
      experiments: [...experiments.entries()]
        .map(([experiment, runs]): ExperimentNode => {
          const sorted = [...runs].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1));
          const latest = sorted[0];
          const nodes = sorted.map(runNode);
          const groups = groupNodes(file, experiment, nodes, (options.groups ?? []).filter((g) => g.file === file && g.experiment === experiment));
          const grouped = new Set(groups.flatMap((g) => g.runs.map((r) => r.record.runId)));
          const children: { node: GroupNode | RunNode; time: string }[] = [
            ...groups.map((g) => ({ node: g as GroupNode | RunNode, time: g.createdAt })),
            ...nodes.filter((n) => !grouped.has(n.record.runId)).map((n) => ({ node: n as GroupNode | RunNode, time: n.record.createdAt })),
          ];
          children.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
          return {
            kind: 'experiment',
            id: `experiment:${file}#${experiment}`,
            file,
            experiment,
            description: sorted.length ? `${sorted.length} run${sorted.length === 1 ? '' : 's'}${latest && headlineMetric(latest) ? ` · last ${headlineMetric(latest)!.text}` : ''}` : groups.length ? `${groups.length} group${groups.length === 1 ? '' : 's'}` : 'not trained yet',
            runs: nodes,
            children: children.map((c) => c.node),
          };
        })
        // Most recently trained first; never-trained ones after, by name.
        .sort((a, b) => {
          const ta = a.runs[0]?.record.createdAt ?? '';
          const tb = b.runs[0]?.record.createdAt ?? '';
          return ta === tb ? a.experiment.localeCompare(b.experiment) : ta < tb ? 1 : -1;
        }),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Markdown tooltip of a run: its config and numbers, for hovering in the tree. */
export function runTooltip(record: RunRecord): string {
  const lines = [`**${record.experiment}** · \`${record.runId}\``, '', `Status: ${STATUS_WORDS[record.status]}${record.stopReason ? ` (${record.stopReason})` : ''}`];
  if (record.error) lines.push(`Error: ${record.error.message.split('\n')[0]}`);
  lines.push(`Epochs: ${record.epochsCompleted}/${record.epochs} · seed ${record.seed}${record.backend ? ` · ${record.backend.name}` : ''}`);
  if (record.samplesPerSecond) lines.push(`Throughput: ${Math.round(record.samplesPerSecond).toLocaleString('en-US')} samples/s`);
  const best = record.bestMetrics ?? record.metrics;
  if (best) lines.push(`${record.bestMetrics ? `Best (epoch ${(record.bestEpoch ?? 0) + 1})` : 'Last'}: ${Object.entries(best).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ')}`);
  for (const t of record.testEvaluations ?? []) lines.push(`Test split (${t.samples} samples, model-${t.model}, ${t.time.slice(0, 16).replace('T', ' ')}): ${Object.entries(t.metrics).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ')}${t.fileChanged ? ' (model file changed since the run)' : ''}`);
  if (record.notes) lines.push('', `Note: ${record.notes}`);
  lines.push('', '```json', JSON.stringify(compactConfig(record.config), null, 1).slice(0, 1500), '```');
  return lines.join('  \n');
}

function compactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const { name: _name, description: _description, ...rest } = config;
  return rest;
}
