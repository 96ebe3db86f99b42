// The `modellab` command line: the same engine as the extension, headless.
import { formatLoadError, LoadError } from '../engine/loader/errors';
import { UsageError } from './args';
import { CROSS_VALIDATE_USAGE, crossValidateCommand } from './crossValidateCommand';
import { EVALUATE_USAGE, evaluateCommand } from './evaluateCommand';
import { EXPORT_USAGE, exportCommand } from './exportCommand';
import { LR_FIND_USAGE, lrFindCommand } from './lrFindCommand';
import { runsCommand, showCommand } from './runsCommands';
import { SWEEP_USAGE, sweepCommand } from './sweepCommand';
import { TRAIN_USAGE, trainCommand } from './trainCommand';

const HELP = `Model Lab: train TensorFlow.js models defined in .ts files, and keep every run.

Usage:
  ${TRAIN_USAGE}
  ${LR_FIND_USAGE}
  ${SWEEP_USAGE}
  modellab runs [--runs-dir DIR] [--json]
  modellab show <runId> [--runs-dir DIR] [--json]
  ${EXPORT_USAGE}
  ${EVALUATE_USAGE}
  ${CROSS_VALIDATE_USAGE}

Exit codes: 0 success, 1 training failed, 2 bad input.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  train: trainCommand,
  'lr-find': lrFindCommand,
  sweep: sweepCommand,
  runs: runsCommand,
  show: showCommand,
  export: exportCommand,
  evaluate: evaluateCommand,
  'cross-validate': crossValidateCommand,
  cv: crossValidateCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${require('../../package.json').version}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`Unknown command '${command}'.\n\n${HELP}`);
  return run(rest);
}

// `modellab train --json | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`modellab: ${err.message}\n`);
    else if (err instanceof LoadError) process.stderr.write(`error: ${formatLoadError(err)}\n`);
    else process.stderr.write(`modellab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
