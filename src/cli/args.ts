// A small argument parser: positional arguments and --flags (with values or booleans).
export interface ParsedArgs {
  positional: string[];
  /** Each flag's value (the last one when a flag is given more than once). */
  flags: Map<string, string | true>;
  /** Every value of each flag that takes one, in order (for repeatable flags such as --param). */
  values: Map<string, string[]>;
}

export class UsageError extends Error {}

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
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags, values };
}

export function checkFlags(args: ParsedArgs, allowed: string[], command: string): void {
  for (const name of args.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name} for \`modellab ${command}\`. Options: ${allowed.map((a) => `--${a}`).join(' ')}`);
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
