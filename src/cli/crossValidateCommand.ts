// `modellab cross-validate <file>` (alias `cv`): one run per fold, a line per fold as each ends, then a
// table of the folds and their mean ± std (or JSON lines: the cross-validation events and each fold's
// run-started, epoch and run-finished).
import * as path from 'node:path';
import { formatLoadError, groupFile, startCrossValidation, startJob, type CrossValidationOptions } from '../engine';
import type { Metrics } from '../protocol/events';
import type { CrossValidationEvent, CrossValidationFinishedEvent } from '../protocol/workflowEvents';
import { backendFlag, intFlag, parseCommandArgs, type ParsedArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { fmtMetric, table } from './format';
import { untilDone } from './interrupts';

const SPEC = commandSpec('cross-validate')!;

function parallelFlag(args: ParsedArgs): number | 'auto' | undefined {
  if (args.flags.get('parallel') === 'auto') return 'auto';
  const n = intFlag(args, 'parallel');
  if (n !== undefined && n < 1) throw new UsageError(`--parallel takes a whole number ≥ 1 or 'auto', got ${n}`);
  return n;
}

export async function crossValidateCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SPEC);
  const [file] = positionals(args, SPEC);
  const backend = backendFlag(args);
  const folds = intFlag(args, 'folds');
  if (folds !== undefined && folds < 2) throw new UsageError(`--folds takes a whole number ≥ 2, got ${folds}`);
  const json = args.flags.has('json');
  const runsDir = stringFlag(args, 'runs-dir');
  const options: CrossValidationOptions = {
    file,
    experiment: stringFlag(args, 'experiment'),
    folds,
    parallel: parallelFlag(args),
    epochs: intFlag(args, 'epochs'),
    batchSize: intFlag(args, 'batch-size'),
    seed: intFlag(args, 'seed'),
    backend,
    runsDir: runsDir ? path.resolve(runsDir) : undefined,
  };

  if (json) {
    const write = (event: object) => process.stdout.write(`${JSON.stringify(event)}\n`);
    const job = startJob({ kind: 'cross-validate', file, experiment: options.experiment, folds, parallel: options.parallel, backend, runsDir: options.runsDir, overrides: { epochs: options.epochs, batchSize: options.batchSize, seed: options.seed } }, write);
    return untilDone(job.done, job, {});
  }
  let total = 0;
  const onEvent = (event: CrossValidationEvent) => {
    if (event.type === 'cross-validation-started') {
      total = event.folds;
      process.stderr.write(`Cross-validating '${event.experiment}': ${event.folds} folds${event.stratified ? ', stratified by class' : ''}, ${event.parallel} at a time\n`);
    } else if (event.type === 'fold-finished') {
      const shown = Object.entries(event.metrics).map(([name, value]) => `${name} ${fmtMetric(name, value)}`).join('  ');
      process.stderr.write(`fold ${event.fold + 1}/${total}  ${event.status}  ${event.runId}${shown ? `  ${shown}` : ''}\n`);
    }
  };
  const handle = startCrossValidation(options, { onEvent });

  // Ctrl+C or SIGTERM: no more folds, the running ones stop after their batch and are recorded; a second kills them.
  const outcome = await untilDone(handle.done, { stop: () => handle.cancel(), kill: () => handle.kill() }, { message: '\nStopping the running folds after this batch (Ctrl+C again to kill)…\n' });

  if (outcome.kind === 'load-error') {
    process.stderr.write(`error: ${formatLoadError(outcome.error)}\n`);
    return 2;
  }
  printSummary(outcome.finished, outcome.runsDir);
  return outcome.finished.status === 'failed' ? 1 : 0;
}

/** Metric names in a stable reading order: train ones, then their val_ twins. */
function metricColumns(runs: { metrics: Metrics }[]): string[] {
  const names = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  const base = Array.from(new Set([...names].map((n) => n.replace(/^val_/, ''))));
  return base.flatMap((n) => [n, `val_${n}`]).filter((n) => names.has(n));
}

function printSummary(finished: CrossValidationFinishedEvent, runsDir: string): void {
  const out = process.stdout;
  const columns = metricColumns(finished.runs);
  const rows = finished.runs.map((r) => [String(r.fold + 1), r.status, ...columns.map((c) => (c in r.metrics ? fmtMetric(c, r.metrics[c]) : '-')), r.runId]);
  const spread = (c: string) => (c in finished.mean ? `${fmtMetric(c, finished.mean[c])} ± ${c in finished.std ? fmtMetric(c, finished.std[c]) : '-'}` : '-');
  rows.push(['mean ± std', '', ...columns.map(spread), '']);
  out.write(`\n${table(['fold', 'status', ...columns, 'run'], rows)}\n\n`);
  const completed = finished.runs.filter((r) => r.status === 'completed').length;
  out.write(`status      ${finished.status} (${completed} of ${finished.folds} folds completed; each fold's best-epoch metrics, else its last epoch's)\n`);
  out.write(`cv          ${finished.cvId}\n`);
  out.write(`record      ${groupFile(runsDir, finished.cvId)}\n`);
}
