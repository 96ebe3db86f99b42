// A small argument parser: positional arguments and --flags (with values or booleans), checked against a
// command's spec (commandSpecs.ts): -h/--help anywhere asks for help, an unknown flag says what was meant.
import { BACKEND_REQUESTS, closestMatch } from '../engine';
import type { BackendRequest } from '../protocol/events';
import { usageLine, type CommandSpec } from './commandSpecs';

export interface ParsedArgs {
  positional: string[];
  /** Each flag's value (the last one when a flag is given more than once). */
  flags: Map<string, string | true>;
  /** Every value of each flag that takes one, in order (for repeatable flags such as --param). */
  values: Map<string, string[]>;
}

export class UsageError extends Error {}

/** `-h` or `--help` was given: the caller prints the command's help and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly spec: CommandSpec) {
    super(`help for modellab ${spec.name}`);
  }
}

/** Parses a command's arguments by its spec: which flags exist, which are switches. */
export function parseCommandArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  if (options.some((a) => a === '-h' || a === '--help')) throw new HelpRequested(spec);
  const args = parseArgs(argv, spec.flags.filter((f) => !f.value).map((f) => f.name));
  checkFlags(args, spec);
  return args;
}

/** `modellab train` takes `<file>`: exactly that many positional arguments, else its usage. */
export function positionals(args: ParsedArgs, spec: CommandSpec): string[] {
  const wanted = spec.args.split(' ').filter((a) => a.startsWith('<')).length;
  if (args.positional.length !== wanted) {
    const what = args.positional.length < wanted ? `needs ${spec.args}` : `takes ${wanted ? spec.args : 'no arguments'}, got ${args.positional.map((p) => `'${p}'`).join(' ')}`;
    throw new UsageError(`\`modellab ${spec.name}\` ${what}.\nUsage: ${usageLine(spec)}\nRun \`modellab ${spec.name} --help\` for what each option does.`);
  }
  return args.positional;
}

export function parseArgs(argv: string[], booleanFlags: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const values = new Map<string, string[]>();
  const setValue = (name: string, value: string) => {
    flags.set(name, value);
    values.set(name, [...(values.get(name) ?? []), value]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (booleanFlags.includes(name)) {
        flags.set(name, true);
      } else if (inline !== undefined) {
        setValue(name, inline);
      } else {
        const value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
        setValue(name, value);
        i++;
      }
    } else if (/^-[^\d.]/.test(arg)) {
      // A single dash is no option here (only -h is); it is never a file name either.
      throw new UsageError(`Unknown option ${arg}${arg.length > 2 ? `: options take two dashes (--${arg.slice(1)})` : ''}`);
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags, values };
}

export function checkFlags(args: ParsedArgs, spec: CommandSpec): void {
  const allowed = spec.flags.map((f) => f.name);
  for (const name of args.flags.keys()) {
    if (allowed.includes(name)) continue;
    const meant = closestMatch(name, allowed);
    throw new UsageError(`Unknown option --${name} for \`modellab ${spec.name}\`.${meant ? ` Did you mean --${meant}?` : ''} Run \`modellab ${spec.name} --help\` for its options.`);
  }
}

export function intFlag(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n)) throw new UsageError(`--${name} takes a whole number, got ${JSON.stringify(v)}`);
  return n;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** --backend, checked against the backends there are (default auto). */
export function backendFlag(args: ParsedArgs): BackendRequest {
  const backend = (stringFlag(args, 'backend') ?? 'auto') as BackendRequest;
  if (!BACKEND_REQUESTS.includes(backend)) throw new UsageError(`--backend must be one of ${BACKEND_REQUESTS.join(', ')}, got '${backend}'`);
  return backend;
}
