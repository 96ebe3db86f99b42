// `modellab runs` and `modellab show <runId>`: read the run store.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TrainingEvent } from '../protocol/events';
import type { RunRecord } from '../protocol/runRecord';
import { RunStore } from '../engine';
import { parseCommandArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { diagnosticsHeading, findingFixLine, fmtMetric, formatFinding, table } from './format';

const RUNS = commandSpec('runs')!;
const SHOW = commandSpec('show')!;

/** The nearest `.modellab/runs` at or above the current folder, else the current folder's. */
export function locateRunsDir(explicit: string | undefined, cwd = process.cwd()): string {
  if (explicit) return path.resolve(explicit);
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, '.modellab', 'runs');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(cwd, '.modellab', 'runs');
  }
}

/** A "no such run" message, with how to read another runs folder from the command line. */
export function withRunsDirHint(message: string): string {
  return message.startsWith('No run ') ? `${message} Read another runs folder with --runs-dir DIR.` : message;
}

/**
 * After `train`: the follow-up commands for the new run, with --runs-dir when the run is not where
 * show/export/evaluate look from the current folder (a model file in another project).
 */
export function followUp(runId: string, runsDir: string, cwd = process.cwd()): string | undefined {
  if (path.resolve(locateRunsDir(undefined, cwd)) === path.resolve(runsDir)) return undefined;
  const relative = path.relative(cwd, runsDir);
  const dir = relative && !relative.startsWith('..') ? relative : runsDir;
  const quoted = /\s/.test(dir) ? `"${dir}"` : dir;
  return `This run is recorded in ${runsDir}, not in the one the current folder reads; to look at it from here: modellab show ${runId} --runs-dir ${quoted}`;
}

function headline(record: RunRecord): string {
  const m = record.bestMetrics ?? record.metrics ?? {};
  const key = ['val_accuracy', 'accuracy', 'val_loss', 'loss'].find((k) => m[k] !== undefined);
  return key ? `${key} ${fmtMetric(key, m[key])}` : '-';
}

/** Where a run sits in its sweep or cross-validation: 'sweep 3/8', 'cv 2/5'; '-' for a plain run. */
export function groupLabel(record: Pick<RunRecord, 'group'>): string {
  const g = record.group;
  if (!g) return '-';
  return `${g.kind === 'sweep' ? 'sweep' : 'cv'} ${g.index + 1}/${g.size}`;
}

export async function runsCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, RUNS);
  positionals(args, RUNS);
  const store = new RunStore(locateRunsDir(stringFlag(args, 'runs-dir')));
  const records = store.list();
  if (args.flags.has('json')) {
    for (const r of records) process.stdout.write(`${JSON.stringify(r)}\n`);
    return 0;
  }
  if (records.length === 0) {
    process.stdout.write(`No runs in ${store.runsDir}. Start one with: modellab train <model file>\n`);
    return 0;
  }
  const rows = records.map((r) => [r.runId, r.experiment, r.status, `${r.epochsCompleted ?? 0}/${r.epochs}`, groupLabel(r), headline(r), r.backend?.name ?? '-', r.createdAt.replace('T', ' ').slice(0, 19)]);
  process.stdout.write(`${table(['run', 'experiment', 'status', 'epochs', 'group', 'best', 'backend', 'created'], rows)}\n`);
  return 0;
}

export async function showCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SHOW);
  const [runId] = positionals(args, SHOW);
  const store = new RunStore(locateRunsDir(stringFlag(args, 'runs-dir')));
  let record: RunRecord;
  try {
    record = store.get(runId);
  } catch (err) {
    throw new UsageError(withRunsDirHint(err instanceof Error ? err.message : String(err)));
  }
  const events = store.readEvents(record.runId);
  if (args.flags.has('json')) {
    const diagnostics = events.flatMap((e) => (e.type === 'diagnostic' ? [e.finding] : []));
    process.stdout.write(`${JSON.stringify({ ...record, epochs: events.filter((e) => e.type === 'epoch'), diagnostics })}\n`);
    return 0;
  }
  printRun(record, events, store.runDir(record.runId));
  return 0;
}

function printRun(record: RunRecord, events: TrainingEvent[], dir: string): void {
  const out = process.stdout;
  out.write(`run         ${record.runId}\n`);
  out.write(`experiment  ${record.experiment}  (${record.relativeFile ?? record.file})\n`);
  out.write(`status      ${record.status}${record.stopReason ? ` (${record.stopReason})` : ''}\n`);
  out.write(`created     ${record.createdAt}${record.endedAt ? `, ended ${record.endedAt}` : ''}\n`);
  if (record.backend) out.write(`backend     ${record.backend.name}${record.backend.skipped.length ? ` (skipped: ${record.backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}\n`);
  out.write(`seed        ${record.seed}\n`);
  if (record.git) out.write(`git         ${record.git.commit.slice(0, 12)}${record.git.dirty ? ' (model file has uncommitted changes)' : ''}\n`);
  if (record.samplesPerSecond) out.write(`throughput  ${Math.round(record.samplesPerSecond)} samples/s\n`);
  if (record.error) out.write(`error       ${record.error.message}\n`);
  const epochs = events.filter((e): e is Extract<TrainingEvent, { type: 'epoch' }> => e.type === 'epoch');
  if (epochs.length > 0) {
    const names = Object.keys(epochs[0].metrics);
    const rows = epochs.map((e) => [String(e.epoch + 1), ...names.map((n) => fmtMetric(n, e.metrics[n])), e.learningRate.toPrecision(3), e.best ? '*' : '']);
    out.write(`\n${table(['epoch', ...names, 'lr', 'best'], rows)}\n`);
  }
  // The final list when the run ended (resolved findings marked, symptoms folded into causes), else what streamed.
  const finished = events.find((e): e is Extract<TrainingEvent, { type: 'run-finished' }> => e.type === 'run-finished');
  const findings = finished?.diagnostics ?? events.flatMap((e) => (e.type === 'diagnostic' ? [e.finding] : []));
  if (findings.length > 0) {
    out.write(`\n${diagnosticsHeading(findings)}:\n`);
    for (const f of findings) out.write(`${formatFinding(f)}\n${findingFixLine(f)}`);
  }
  out.write(`\nfolder      ${dir}\n`);
}
