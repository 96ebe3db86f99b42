// A sweep's trials as table rows: one per planned trial (finished, running or not started yet), the
// columns (trial, run, status, epochs, each param, each metric), sorting by any column with missing
// values last, and the best trial. Pure: no DOM.
import type { Metrics, RunStatus } from '../../../../src/protocol/events';
import type { SweepRecord } from '../../../../src/protocol/groupRecord';
import type { ParamValue, Params } from '../../../../src/sdk/params';
import type { MemberRunState } from '../../../../src/protocol/workflow';
import { formatMetric, formatNumber } from '../format';
import { finite } from '../series';

export type TrialStatus = RunStatus | 'pending';

export interface TrialRow {
  /** Trial number, 0-based. */
  index: number;
  runId?: string;
  status: TrialStatus;
  params: Params;
  metrics: Metrics;
  epochsCompleted?: number;
  epochs?: number;
  best: boolean;
}

export type ColumnKind = 'trial' | 'run' | 'status' | 'epochs' | 'param' | 'metric';

export interface Column {
  /** Unique: 'trial', 'run', 'status', 'epochs', 'param:<name>', 'metric:<name>'. */
  id: string;
  kind: ColumnKind;
  label: string;
  /** The param or metric name. */
  key?: string;
  numeric: boolean;
}

export type SortDirection = 'asc' | 'desc';

export interface SortOrder {
  column: string;
  direction: SortDirection;
}

/**
 * The rows, in trial order. Finished trials take the group record's metrics (best epoch's where the run
 * had validation); trials still training take their run's live state. A live run is placed by its
 * `index`, else (runs start in trial order) in the lowest unfinished trials.
 */
export function sweepRows(record: SweepRecord, runs: readonly MemberRunState[]): TrialRow[] {
  const members = new Map(record.members.map((m) => [m.index, m]));
  const memberRunIds = new Set(record.members.map((m) => m.runId));
  const live = new Map(runs.map((r) => [r.runId, r]));
  const unplaced = runs.filter((r) => !memberRunIds.has(r.runId) && r.index === undefined);
  const placed = new Map(runs.filter((r) => !memberRunIds.has(r.runId) && r.index !== undefined).map((r) => [r.index!, r]));
  const count = Math.max(record.plannedTrials.length, ...record.members.map((m) => m.index + 1));
  const rows: TrialRow[] = [];
  for (let index = 0; index < count; index++) {
    const member = members.get(index);
    let run = member ? live.get(member.runId) : placed.get(index);
    if (!member && !run && unplaced.length) run = unplaced.shift();
    const params = member?.params ?? record.plannedTrials[index] ?? {};
    rows.push({
      index,
      runId: member?.runId ?? run?.runId,
      status: member?.status ?? run?.status ?? 'pending',
      params,
      metrics: member?.metrics ?? run?.bestMetrics ?? run?.metrics ?? {},
      epochsCompleted: run?.epochsCompleted,
      epochs: run?.epochs,
      best: false,
    });
  }
  const best = bestTrial(rows, record.metric, record.goal);
  if (best !== undefined) rows[best].best = true;
  return rows;
}

/** Index of the completed trial with the best `metric` in the goal's direction; the first one on ties. */
export function bestTrial(rows: readonly TrialRow[], metric: string, goal: 'minimize' | 'maximize'): number | undefined {
  let best: number | undefined;
  rows.forEach((row, i) => {
    const v = row.metrics[metric];
    if (row.status !== 'completed' || !finite(v)) return;
    const current = best === undefined ? undefined : rows[best].metrics[metric];
    if (current === undefined || (goal === 'minimize' ? v < current : v > current)) best = i;
  });
  return best;
}

/** Trial, run, status, epochs, then the params in the space's order, then the metrics (the sweep's own first). */
export function sweepColumns(record: SweepRecord, rows: readonly TrialRow[]): Column[] {
  const columns: Column[] = [
    { id: 'trial', kind: 'trial', label: '#', numeric: true },
    { id: 'run', kind: 'run', label: 'Run', numeric: false },
    { id: 'status', kind: 'status', label: 'Status', numeric: false },
    { id: 'epochs', kind: 'epochs', label: 'Epochs', numeric: true },
  ];
  const params = [...Object.keys(record.space)];
  for (const row of rows) for (const k of Object.keys(row.params)) if (!params.includes(k)) params.push(k);
  for (const p of params) columns.push({ id: `param:${p}`, kind: 'param', label: p, key: p, numeric: record.space[p]?.kind !== 'choice' });
  for (const m of metricNames(record, rows)) columns.push({ id: `metric:${m}`, kind: 'metric', label: m, key: m, numeric: true });
  return columns;
}

/** The metrics any trial has, the sweep's metric first, then validation metrics, then the rest (first seen order). */
export function metricNames(record: Pick<SweepRecord, 'metric'>, rows: readonly { metrics: Metrics }[]): string[] {
  const seen: string[] = [];
  for (const row of rows) for (const k of Object.keys(row.metrics)) if (!seen.includes(k)) seen.push(k);
  const rank = (k: string): number => (k === record.metric ? 0 : k.startsWith('val_') ? 1 : 2);
  const names = seen.map((k, i) => ({ k, i })).sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i).map((x) => x.k);
  return names.includes(record.metric) ? names : [record.metric, ...names];
}

/** A cell's sortable value: number, string, or undefined when missing. */
export function cellValue(row: TrialRow, column: Column): number | string | undefined {
  switch (column.kind) {
    case 'trial':
      return row.index;
    case 'run':
      return row.runId;
    case 'status':
      return row.status;
    case 'epochs':
      return row.epochsCompleted;
    case 'param':
      return paramSortValue(row.params[column.key!]);
    case 'metric': {
      const v = row.metrics[column.key!];
      return finite(v) ? v : undefined;
    }
  }
}

function paramSortValue(v: ParamValue | undefined): number | string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  return String(v);
}

/** Numbers before strings; numbers by value, strings in natural order. */
export function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Rows sorted by one column; missing values last in either direction; ties keep trial order. */
export function sortRows(rows: readonly TrialRow[], columns: readonly Column[], order: SortOrder): TrialRow[] {
  const column = columns.find((c) => c.id === order.column);
  if (!column) return [...rows];
  const sign = order.direction === 'asc' ? 1 : -1;
  return [...rows].sort((ra, rb) => {
    const a = cellValue(ra, column);
    const b = cellValue(rb, column);
    if (a === undefined || b === undefined) return a === b ? ra.index - rb.index : a === undefined ? 1 : -1;
    return sign * compareValues(a, b) || ra.index - rb.index;
  });
}

/** Clicking a column: a new column sorts in its natural direction (better metric values first), the same column flips. */
export function nextSort(current: SortOrder | undefined, column: Column, goalFor: (metric: string) => 'minimize' | 'maximize'): SortOrder {
  if (current?.column === column.id) return { column: column.id, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  const direction: SortDirection = column.kind === 'metric' && goalFor(column.key!) === 'maximize' ? 'desc' : 'asc';
  return { column: column.id, direction };
}

/** A cell as text: params with up to 4 significant digits, metrics as the dashboard shows them. */
export function formatCell(row: TrialRow, column: Column): string {
  switch (column.kind) {
    case 'trial':
      return String(row.index + 1);
    case 'run':
      return row.runId ?? '–';
    case 'status':
      return statusLabel(row);
    case 'epochs':
      return row.epochsCompleted === undefined ? '–' : row.epochs ? `${row.epochsCompleted}/${row.epochs}` : String(row.epochsCompleted);
    case 'param':
      return formatParam(row.params[column.key!]);
    case 'metric':
      return formatMetric(column.key!, row.metrics[column.key!]);
  }
}

export function formatParam(v: ParamValue | undefined): string {
  if (v === undefined) return '–';
  if (typeof v === 'number') return formatNumber(v, 4);
  return String(v);
}

/** "running · epoch 3/10", "completed", "diverged", "not started". */
export function statusLabel(row: TrialRow): string {
  if (row.status === 'pending') return 'not started';
  if (row.status === 'running' && row.epochs) return `running · epoch ${Math.min((row.epochsCompleted ?? 0) + 1, row.epochs)}/${row.epochs}`;
  return row.status;
}

/** The run ids of the `n` best completed trials by `metric` (for "Compare top 5"). */
export function topRunIds(rows: readonly TrialRow[], metric: string, goal: 'minimize' | 'maximize', n: number): string[] {
  const completed = rows.filter((r) => r.status === 'completed' && r.runId && finite(r.metrics[metric]));
  const sign = goal === 'minimize' ? 1 : -1;
  return completed
    .sort((a, b) => sign * (a.metrics[metric] - b.metrics[metric]) || a.index - b.index)
    .slice(0, n)
    .map((r) => r.runId!);
}

/** The chosen sort, if it names a column that exists; else the sweep metric, best first. */
export function validSort(saved: unknown, columns: readonly Column[], record: Pick<SweepRecord, 'metric' | 'goal'>): SortOrder {
  const s = saved as Partial<SortOrder> | undefined;
  if (s && typeof s.column === 'string' && columns.some((c) => c.id === s.column) && (s.direction === 'asc' || s.direction === 'desc')) return { column: s.column, direction: s.direction };
  return { column: `metric:${record.metric}`, direction: record.goal === 'maximize' ? 'desc' : 'asc' };
}
