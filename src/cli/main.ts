// The `modellab` command line: the same engine as the extension, headless.
import { closestMatch, formatLoadError, LoadError } from '../engine';
import { HelpRequested, UsageError } from './args';
import { commandSpec, helpText, overviewText } from './commandSpecs';
import { backendCommand } from './backendCommand';
import { crossValidateCommand } from './crossValidateCommand';
import { evaluateCommand } from './evaluateCommand';
import { exportCommand } from './exportCommand';
import { lrFindCommand } from './lrFindCommand';
import { runsCommand, showCommand } from './runsCommands';
import { sweepCommand } from './sweepCommand';
import { trainCommand } from './trainCommand';

/** Each command's implementation, by its name in commandSpecs.ts (aliases resolve through the spec). */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  train: trainCommand,
  'lr-find': lrFindCommand,
  sweep: sweepCommand,
  runs: runsCommand,
  show: showCommand,
  export: exportCommand,
  evaluate: evaluateCommand,
  'cross-validate': crossValidateCommand,
  backend: backendCommand,
};

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    process.stderr.write(overviewText(version()));
    return 2;
  }
  if (command === '--help' || command === '-h') {
    process.stdout.write(overviewText(version()));
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === 'help') {
    if (rest.length === 0) {
      process.stdout.write(overviewText(version()));
      return 0;
    }
    const spec = commandSpec(rest[0]);
    if (!spec) throw unknownCommand(rest[0]);
    process.stdout.write(helpText(spec));
    return 0;
  }
  const spec = commandSpec(command);
  if (!spec) throw unknownCommand(command);
  try {
    return await COMMANDS[spec.name](rest);
  } catch (err) {
    if (!(err instanceof HelpRequested)) throw err;
    process.stdout.write(helpText(err.spec));
    return 0;
  }
}

function unknownCommand(name: string): UsageError {
  const names = Object.keys(COMMANDS).concat(['cv', 'help']);
  const meant = closestMatch(name, names);
  return new UsageError(`Unknown command '${name}'.${meant ? ` Did you mean '${meant}'?` : ''} Run \`modellab --help\` for the commands.`);
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
