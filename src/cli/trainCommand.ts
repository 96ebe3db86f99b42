// `modellab train <file>`: trains in a child process, shows progress (or JSON lines), prints a summary.
import * as path from 'node:path';
import { formatLoadError, startTraining } from '../engine';
import type { RunFinishedEvent, RunStartedEvent, TrainingEvent } from '../protocol/events';
import type { Params } from '../sdk/params';
import { backendFlag, intFlag, parseCommandArgs, type ParsedArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { diagnosticsHeading, findingFixLine, fmtMetric, fmtNumber, formatFinding, table } from './format';
import { ProgressLine } from './progress';
import { untilDone } from './interrupts';
import { followUp } from './runsCommands';

const SPEC = commandSpec('train')!;

export async function trainCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SPEC);
  const [file] = positionals(args, SPEC);
  const backend = backendFlag(args);
  const json = args.flags.has('json');
  const runsDir = stringFlag(args, 'runs-dir');
  const progress = new ProgressLine(process.stderr, !json && process.stderr.isTTY === true);
  let started: RunStartedEvent | undefined;

  const onEvent = (event: TrainingEvent) => {
    if (json) {
      process.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    switch (event.type) {
      case 'run-started':
        started = event;
        progress.start(event);
        process.stderr.write(`Training '${event.experiment}' (${event.model.trainableParams.toLocaleString('en-US')} parameters) on ${event.trainSamples} samples, validating on ${event.validationSamples}, backend ${event.backend.name}${(event.backend.replicas ?? 1) > 1 ? ` (${event.backend.replicas} data-parallel replicas)` : (event.backend.threads ?? 1) > 1 ? ` (${event.backend.threads} threads)` : ''}\n`);
        break;
      case 'batch':
        progress.batch(event);
        break;
      case 'epoch':
        progress.epoch(event);
        break;
      case 'log':
        progress.message(`${event.level === 'warning' ? 'warning: ' : ''}${event.message}`);
        break;
      case 'diagnostic':
        progress.message(formatFinding(event.finding));
        break;
      case 'run-finished':
        progress.clear();
        break;
    }
  };

  const handle = startTraining(
    {
      file,
      experiment: stringFlag(args, 'experiment'),
      epochs: intFlag(args, 'epochs'),
      batchSize: intFlag(args, 'batch-size'),
      seed: intFlag(args, 'seed'),
      probeEverySteps: intFlag(args, 'probe-every'),
      stopOnDivergence: args.flags.has('no-stop-on-divergence') ? false : undefined,
      backend,
      runsDir: runsDir ? path.resolve(runsDir) : undefined,
      params: paramFlags(args),
    },
    onEvent,
  );
  // Ctrl+C stops after the current batch and still records the run; a second one kills it.
  const outcome = await untilDone(handle.done, { stop: () => handle.cancel(), kill: () => handle.kill() }, { signals: ['SIGINT'], message: '\nStopping after this batch (Ctrl+C again to kill)…\n' });

  if (outcome.kind === 'load-error') {
    if (json) process.stdout.write(`${JSON.stringify({ type: 'error', code: outcome.error.code, message: outcome.error.message, location: outcome.error.location })}\n`);
    else process.stderr.write(`error: ${formatLoadError(outcome.error)}\n`);
    return 2;
  }
  if (!json) {
    printSummary(outcome.finished, started, path.join(handle.runsDir, outcome.finished.runId));
    const hint = followUp(outcome.finished.runId, handle.runsDir);
    if (hint) process.stdout.write(`\n${hint}\n`);
  }
  return outcome.finished.status === 'failed' || outcome.finished.status === 'diverged' ? 1 : 0;
}

/**
 * `--param units=64 --param learningRate=3e-3 --param bn=true`: a run's hyperparameters, as a sweep
 * trial would get them. Numbers become numbers, true/false booleans, anything else stays a string.
 */
export function paramFlags(args: ParsedArgs): Params | undefined {
  const given = args.values.get('param');
  if (!given) return undefined;
  const params: Params = {};
  for (const text of given) {
    const match = /^([^=\s]+)=(.*)$/s.exec(text);
    if (!match) throw new UsageError(`--param takes NAME=VALUE (e.g. --param units=64), got '${text}'`);
    const [, name, value] = match;
    if (Object.hasOwn(params, name)) throw new UsageError(`--param ${name} is given twice`);
    const number = Number(value);
    params[name] = value.trim() !== '' && Number.isFinite(number) ? number : value === 'true' ? true : value === 'false' ? false : value;
  }
  return params;
}

function printSummary(finished: RunFinishedEvent, started: RunStartedEvent | undefined, dir: string): void {
  const out = process.stdout;
  const names = Array.from(new Set(Object.keys(finished.metrics).map((k) => k.replace(/^val_/, ''))));
  const rows = names.map((name) => [
    name,
    fmtMetric(name, finished.metrics[name]),
    fmtMetric(name, finished.metrics[`val_${name}`]),
    fmtMetric(name, finished.bestMetrics?.[`val_${name}`] ?? finished.bestMetrics?.[name]),
  ]);
  out.write('\n');
  if (rows.length > 0) out.write(`${table(['metric', 'train', 'validation', `best (epoch ${(finished.bestEpoch ?? 0) + 1})`], rows)}\n\n`);
  out.write(`status      ${finished.status}${finished.stopReason && finished.stopReason !== finished.status ? ` (${finished.stopReason})` : ''}\n`);
  out.write(`epochs      ${finished.epochsCompleted}${started ? `/${started.epochs}` : ''}\n`);
  out.write(`backend     ${finished.backend}\n`);
  out.write(`throughput  ${fmtNumber(finished.samplesPerSecond).replace(/\.\d+$/, '')} samples/s\n`);
  if (finished.error) out.write(`error       ${finished.error.message}${finished.error.location ? `\n            at ${finished.error.location.file}:${finished.error.location.line}:${finished.error.location.column}` : ''}\n`);
  if (finished.diagnostics.length > 0) {
    out.write(`\n${diagnosticsHeading(finished.diagnostics)}:\n`);
    for (const f of finished.diagnostics) out.write(`${formatFinding(f)}\n${findingFixLine(f)}`);
    out.write('\n');
  }
  out.write(`run         ${finished.runId}\n`);
  out.write(`folder      ${dir}\n`);
}

