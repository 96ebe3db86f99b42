// `modellab sweep <file>`: trains the experiment's declared sweep, a line per trial as it starts and
// ends, then the trials ranked by the sweep's metric (or JSON lines: the sweep's events and each trial's
// run-started, epoch and run-finished, tagged with the trial and run).
import * as path from 'node:path';
import { formatLoadError, groupFile, LoadError, planSweep, rankTrials, startJob, startSweep, type SweepPlan } from '../engine';
import type { SweepEvent, SweepFinishedEvent } from '../protocol/workflowEvents';
import type { Params } from '../sdk/params';
import { backendFlag, intFlag, parseCommandArgs, type ParsedArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { fmtMetric, table } from './format';
import { untilDone } from './interrupts';

const SPEC = commandSpec('sweep')!;

function positiveIntFlag(args: ParsedArgs, name: string): number | undefined {
  const n = intFlag(args, name);
  if (n !== undefined && n < 1) throw new UsageError(`--${name} takes a whole number ≥ 1, got ${n}`);
  return n;
}

function parallelFlag(args: ParsedArgs): number | 'auto' | undefined {
  return args.flags.get('parallel') === 'auto' ? 'auto' : positiveIntFlag(args, 'parallel');
}

export function formatParams(params: Params): string {
  return Object.entries(params).map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(4)) : value}`).join(' ');
}

export async function sweepCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SPEC);
  const [file] = positionals(args, SPEC);
  const backend = backendFlag(args);
  const json = args.flags.has('json');
  const runsDir = stringFlag(args, 'runs-dir');
  const overrides = { epochs: positiveIntFlag(args, 'epochs'), batchSize: positiveIntFlag(args, 'batch-size'), seed: intFlag(args, 'seed') };
  const write = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`);
  if (json) {
    const job = startJob({ kind: 'sweep', file, experiment: stringFlag(args, 'experiment'), backend, runsDir, trials: positiveIntFlag(args, 'trials'), parallel: parallelFlag(args), overrides }, write);
    return untilDone(job.done, job, {});
  }
  const reportLoadError = (error: { code: string; message: string; location?: LoadError['location']; details?: string }) => process.stderr.write(`error: ${formatLoadError(error)}\n`);

  let plan: SweepPlan;
  try {
    plan = await planSweep(path.resolve(file), stringFlag(args, 'experiment'), { ...overrides, trials: positiveIntFlag(args, 'trials'), parallel: parallelFlag(args) });
  } catch (err) {
    if (!(err instanceof LoadError)) throw err;
    reportLoadError(err);
    return 2;
  }

  const onEvent = (event: SweepEvent) => {
    const of = `${plan.trials.length}`;
    if (event.type === 'sweep-started') {
      process.stderr.write(`Sweeping '${event.experiment}': ${event.trials.length} ${event.method} trials, ${event.parallel} at a time, ${event.goal === 'minimize' ? 'minimizing' : 'maximizing'} ${event.metric}\n`);
    } else if (event.type === 'trial-started') {
      process.stderr.write(`trial ${event.trial + 1}/${of}  started   ${formatParams(event.params)}  (${event.runId})\n`);
    } else if (event.type === 'trial-finished') {
      const value = event.metrics[plan.metric];
      process.stderr.write(`trial ${event.trial + 1}/${of}  ${event.status.padEnd(9)} ${formatParams(event.params)}  ${plan.metric} ${fmtMetric(plan.metric, value)}\n`);
    }
  };
  const handle = startSweep(plan, { backend, runsDir: runsDir ? path.resolve(runsDir) : undefined, ...overrides, onEvent });

  // Ctrl+C or SIGTERM: no more trials, the running ones stop after their batch and are recorded; a second kills them.
  const result = await untilDone(handle.done, handle, { message: '\nStopping the running trials after this batch (Ctrl+C again to kill)…\n' });

  if (result.loadError) reportLoadError(result.loadError.error);
  printSummary(result.finished, plan, handle.sweepId, groupFile(handle.runsDir, handle.sweepId));
  if (result.loadError?.trial === 0) return 2;
  const trials = result.finished.trials;
  return trials.length > 0 && trials.every((t) => t.status === 'failed' || t.status === 'diverged') ? 1 : 0;
}

function printSummary(finished: SweepFinishedEvent, plan: SweepPlan, sweepId: string, recordFile: string): void {
  const out = process.stdout;
  const paramNames = Object.keys(plan.space);
  const seen = new Set(finished.trials.flatMap((t) => Object.keys(t.metrics)));
  // The sweep's metric first, then the others in the order the runs record them (loss, metrics, val_...).
  const metricNames = [plan.metric, ...[...seen].filter((m) => m !== plan.metric)];
  const ranked = rankTrials(finished.trials, plan.metric, plan.goal);
  const rows = ranked.map((t) => [
    t === finished.best ? '*' : '',
    String(t.trial + 1),
    ...paramNames.map((name) => {
      const v = t.params[name];
      return v === undefined ? '-' : typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v);
    }),
    ...metricNames.map((name) => fmtMetric(name, t.metrics[name])),
    t.status,
    t.runId,
  ]);
  out.write('\n');
  if (rows.length > 0) out.write(`${table(['', 'trial', ...paramNames, ...metricNames, 'status', 'run'], rows)}\n\n`);
  out.write(`status  ${finished.status}\n`);
  if (finished.best) out.write(`best    trial ${finished.best.trial + 1}: ${plan.metric} ${fmtMetric(plan.metric, finished.best.metrics[plan.metric])} with ${formatParams(finished.best.params)}\n`);
  else out.write(`best    none (no trial completed with ${plan.metric})\n`);
  out.write(`sweep   ${sweepId}\n`);
  out.write(`record  ${recordFile}\n`);
  out.write(`runs    ${path.dirname(path.dirname(recordFile))}\n`);
}
