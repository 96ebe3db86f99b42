// `modellab evaluate <runId>`: the chosen run's model on the held-out test split, recorded on the run.
import { evaluateRun, EvaluationError, startJob, type EvaluationResult } from '../engine';
import { parseCommandArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { locateRunsDir, withRunsDirHint } from './runsCommands';

const SPEC = commandSpec('evaluate')!;

export async function evaluateCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SPEC);
  const [target] = positionals(args, SPEC);
  if (args.flags.has('best') && args.flags.has('last')) throw new UsageError('--best and --last exclude each other');
  const json = args.flags.has('json');
  const request = { kind: 'evaluate' as const, runsDir: locateRunsDir(stringFlag(args, 'runs-dir')), run: target, model: args.flags.has('best') ? ('best' as const) : args.flags.has('last') ? ('last' as const) : undefined };
  if (json) return startJob(request, (event) => process.stdout.write(`${JSON.stringify(event)}\n`)).done;
  let result: EvaluationResult;
  try {
    result = await evaluateRun(request.runsDir, request.run, { model: request.model });
  } catch (err) {
    if (!(err instanceof EvaluationError)) throw err;
    process.stderr.write(`error: ${withRunsDirHint(err.message)}\n`);
    return 2;
  }
  const { runId, evaluation, previousEvaluations } = result;
  const out = process.stdout;
  out.write(`run         ${runId} (model-${evaluation.model})\n`);
  out.write(`test split  ${evaluation.samples} samples\n`);
  const width = Math.max(12, ...Object.keys(evaluation.metrics).map((n) => n.length + 2));
  for (const [name, value] of Object.entries(evaluation.metrics)) out.write(`${name.padEnd(width)}${Number(value.toPrecision(5))}\n`);
  if (previousEvaluations > 0) process.stderr.write(`warning: this is look number ${previousEvaluations + 1} at the test split through this run; choosing models by test results turns the test set into a validation set.\n`);
  if (evaluation.fileChanged) process.stderr.write('warning: the model file changed since the run; its test split may not be the one the run held out.\n');
  return 0;
}
