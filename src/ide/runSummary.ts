// Short words about a run for the tree, the CodeLens and the status bar: its headline metric, its
// status, its diagnostics. Pure, so it is the same everywhere and tested in Node.
import type { Finding } from '../protocol/findings';
import type { Metrics, RunStatus } from '../protocol/events';
import type { RunRecord } from '../protocol/runRecord';

const SHORT_NAMES: Record<string, string> = { accuracy: 'acc', loss: 'loss', mse: 'mse', mae: 'mae' };

/** The number people judge a run by: best validation accuracy, else validation loss, else training ones. */
export function headlineMetric(record: Pick<RunRecord, 'bestMetrics' | 'metrics'>): { key: string; value: number; text: string } | undefined {
  const metrics: Metrics = { ...(record.metrics ?? {}), ...(record.bestMetrics ?? {}) };
  for (const key of ['val_accuracy', 'val_loss', 'accuracy', 'loss', 'val_mae', 'mae']) {
    const value = metrics[key];
    if (value === undefined || !Number.isFinite(value)) continue;
    const validation = key.startsWith('val_');
    const base = key.replace(/^val_/, '');
    const name = `${validation ? 'val ' : ''}${SHORT_NAMES[base] ?? base}`;
    const text = base === 'accuracy' ? `${(value * 100).toFixed(1)}% ${name}` : `${name} ${formatValue(value)}`;
    return { key, value, text };
  }
  return undefined;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

export const STATUS_WORDS: Record<RunStatus, string> = {
  running: 'running',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
  diverged: 'diverged',
};

/** "2 warnings", "1 error, 3 warnings", "no problems". */
export function diagnosticsText(findings: Pick<Finding, 'severity' | 'resolved'>[]): string {
  // A finding that stopped holding by the run's end is not one of its problems.
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s && !f.resolved).length;
  const parts = [
    [count('error'), 'error'],
    [count('warning'), 'warning'],
    [count('info'), 'note'],
  ].filter(([n]) => (n as number) > 0).map(([n, word]) => `${n} ${word}${n === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no problems';
}

/** "Last run: 97.1% val acc · 2 warnings" for the CodeLens. */
export function lastRunText(record: RunRecord, findings: Pick<Finding, 'severity' | 'resolved'>[]): string {
  const parts = [`Last run: ${headlineMetric(record)?.text ?? STATUS_WORDS[record.status]}`];
  if (record.status !== 'completed' && headlineMetric(record)) parts.push(STATUS_WORDS[record.status]);
  parts.push(diagnosticsText(findings));
  return parts.join(' · ');
}

/** "epoch 3/30 · loss 0.412" while a run trains. */
export function progressText(epoch: number, epochs: number, loss?: number): string {
  return `epoch ${Math.min(epoch, epochs)}/${epochs}${loss !== undefined && Number.isFinite(loss) ? ` · loss ${formatValue(loss)}` : ''}`;
}

/** A readable run label: the user's note, else its start time. */
export function runLabel(record: Pick<RunRecord, 'notes' | 'startedAt' | 'runId'>): string {
  const note = record.notes?.trim().split('\n')[0];
  if (note) return note.length > 60 ? `${note.slice(0, 57)}…` : note;
  const d = new Date(record.startedAt);
  if (Number.isNaN(d.getTime())) return record.runId;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
