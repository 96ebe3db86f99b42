// Sweeps and cross-validations in the Experiments tree: the runs sharing a `group.id` become one node,
// labelled from the group record ("Sweep · 8 trials", "best val_accuracy 0.967"; "5-fold CV",
// "val_accuracy 0.95 ± 0.01"), or from the runs alone when the record is missing.
import type { Metrics } from '../protocol/events';
import type { GroupRecord, GroupStatus } from '../protocol/groupRecord';
import { aggregateFolds, defaultGoal, judgedMetrics, pickBest } from '../engine';
import type { RunRecord } from '../protocol/runRecord';
import type { RunNode } from './runsTree';
import type { Params } from '../sdk/params';
import { formatValue, headlineMetric, STATUS_WORDS } from './runSummary';


export interface GroupNode {
  kind: 'group';
  id: string;
  groupId: string;
  groupKind: 'sweep' | 'cross-validation';
  file: string;
  experiment: string;
  /** Absent when `.groups/<id>.json` is missing: the node is then built from the runs' refs. */
  record?: GroupRecord;
  status: GroupStatus;
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  /** Trials or folds, by index. */
  runs: RunNode[];
  /** The best trial of a sweep. */
  bestRunId?: string;
  /** `group.running` or `group.done`, for context menus. */
  contextValue: string;
  createdAt: string;
}

export const BEST_MARK = '★';

export function groupNodes(file: string, experiment: string, runs: RunNode[], records: GroupRecord[]): GroupNode[] {
  const members = new Map<string, RunNode[]>();
  for (const run of runs) {
    const ref = run.record.group;
    if (!ref) continue;
    if (!members.has(ref.id)) members.set(ref.id, []);
    members.get(ref.id)!.push(run);
  }
  const byId = new Map(records.map((r) => [r.id, r]));
  const ids = new Set([...byId.keys(), ...members.keys()]);
  return [...ids].map((id) => groupNode(file, experiment, id, byId.get(id), members.get(id) ?? []));
}

function groupNode(file: string, experiment: string, groupId: string, record: GroupRecord | undefined, runs: RunNode[]): GroupNode {
  const indexOf = (r: RunNode) => r.record.group?.index ?? record?.members.find((m) => m.runId === r.record.runId)?.index ?? Number.MAX_SAFE_INTEGER;
  const ordered = [...runs].sort((a, b) => indexOf(a) - indexOf(b));
  const ref = ordered[0]?.record.group;
  const groupKind = record?.kind ?? ref?.kind ?? 'sweep';
  const size = record ? (record.kind === 'sweep' ? record.plannedTrials.length : record.folds) : ref?.size ?? ordered.length;
  const status: GroupStatus = record?.status ?? (ordered.some((r) => r.record.status === 'running') ? 'running' : 'completed');
  const ended = record ? record.members.length : ordered.filter((r) => r.record.status !== 'running').length;
  const createdAt = record?.createdAt ?? ordered.map((r) => r.record.createdAt).sort()[0] ?? '';
  const parts: string[] = [];
  if (status === 'running') parts.push(`running · ${ended}/${size} ${groupKind === 'sweep' ? 'trials' : 'folds'} done`);
  else if (status !== 'completed') parts.push(status);

  let label: string;
  let bestRunId: string | undefined;
  const tooltip: string[] = [];
  if (groupKind === 'sweep') {
    label = `Sweep · ${size} trial${size === 1 ? '' : 's'}`;
    const best = record?.kind === 'sweep' ? bestOfRecord(record) : bestOfRuns(ordered.map((r) => r.record));
    if (best) {
      bestRunId = best.runId;
      parts.push(`best ${best.metric} ${formatValue(best.value)}`);
    }
    tooltip.push(`**Sweep** of ${experiment} · \`${groupId}\``);
    if (record?.kind === 'sweep') tooltip.push(`${record.method} search, ${record.goal === 'maximize' ? 'maximizing' : 'minimizing'} ${record.metric}`);
  } else {
    label = `${size}-fold CV`;
    const summary = record?.kind === 'cross-validation' && record.mean ? fromRecord(record.mean, record.std) : meanStd(ordered.map((r) => r.record));
    if (summary) parts.push(`${summary.metric} ${formatValue(summary.mean)} ± ${formatValue(summary.std)}`);
    tooltip.push(`**${size}-fold cross-validation** of ${experiment} · \`${groupId}\``);
  }
  tooltip.push(`Status: ${status}${record?.error ? ` (${record.error})` : ''}${record ? '' : ' (no group record: built from the runs)'}`);
  if (!record) parts.push('no group record');

  const members = ordered.map((run): RunNode => {
    const index = indexOf(run);
    const number = index === Number.MAX_SAFE_INTEGER ? '?' : String(index + 1);
    const params = run.record.params ?? record?.members.find((m) => m.runId === run.record.runId)?.params;
    const isBest = run.record.runId === bestRunId;
    const label = groupKind === 'sweep' ? `Trial ${number}${params && Object.keys(params).length ? ` · ${paramsText(params)}` : ''}` : `Fold ${number}`;
    tooltip.push(`- ${label}: ${STATUS_WORDS[run.record.status]}${headlineMetric(run.record) ? ` · ${headlineMetric(run.record)!.text}` : ''}${isBest ? ` ${BEST_MARK} best` : ''}`);
    return { ...run, label, description: [isBest ? BEST_MARK : '', run.description].filter(Boolean).join(' ') };
  });
  return {
    kind: 'group',
    id: `group:${groupId}`,
    groupId,
    groupKind,
    file,
    experiment,
    record,
    status,
    label,
    description: parts.join(' · '),
    tooltip: tooltip.join('  \n'),
    runs: members,
    bestRunId,
    contextValue: `group.${status === 'running' ? 'running' : 'done'}`,
    createdAt,
  };
}

export function paramsText(params: Params): string {
  return Object.entries(params).map(([name, value]) => `${name}=${typeof value === 'number' ? formatValue(value) : value}`).join(' ');
}

function bestOfRecord(record: Extract<GroupRecord, { kind: 'sweep' }>): { runId: string; metric: string; value: number } | undefined {
  const member = record.best !== undefined ? record.members[record.best] : undefined;
  const value = member?.metrics[record.metric];
  return member && value !== undefined ? { runId: member.runId, metric: record.metric, value } : undefined;
}

/** Without a record: the best completed run by the headline metric, judged as the sweep judges trials. */
function bestOfRuns(records: RunRecord[]): { runId: string; metric: string; value: number } | undefined {
  const key = records.map((r) => headlineMetric(r)?.key).find((k) => k !== undefined);
  if (!key) return undefined;
  const trials = records.map((r) => ({ status: r.status, metrics: judgedMetrics(r) }));
  const best = pickBest(trials, key, defaultGoal(key));
  return best === undefined ? undefined : { runId: records[best].runId, metric: key, value: trials[best].metrics[key] };
}

function fromRecord(mean: Metrics, std: Metrics | undefined): { metric: string; mean: number; std: number } | undefined {
  const key = headlineMetric({ metrics: mean })?.key;
  return key ? { metric: key, mean: mean[key], std: std?.[key] ?? 0 } : undefined;
}

/** Without a record: mean and sample std of the headline metric over the completed folds, as the cross-validation computes them. */
function meanStd(records: RunRecord[]): { metric: string; mean: number; std: number } | undefined {
  const { mean, std } = aggregateFolds(records.map((r) => ({ status: r.status, metrics: judgedMetrics(r) })));
  return fromRecord(mean, std);
}
