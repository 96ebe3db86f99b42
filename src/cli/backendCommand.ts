// `modellab backend status | install NAME | remove NAME`: every backend, tried here, with why not when it cannot
// run; the native ones installed into (and removed from) the per-user backends folder.
import { backendReport, backendsDir, installNativeBackend, NATIVE_PACKAGES, type NativeBackend, probeBackend, removeNativeBackend, startJob, tfjsVersion } from '../engine';
import type { BackendName } from '../protocol/events';
import { parseCommandArgs, stringFlag, UsageError } from './args';
import { commandSpec, usageLine } from './commandSpecs';
import { backendReportText } from './format';

const SPEC = commandSpec('backend')!;
const NAMES: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export async function backendCommand(argv: string[]): Promise<number> {
  // `backend probe NAME` is the report's own child process for one native backend (not in --help).
  if (argv[0] === 'probe') return probeCommand(argv.slice(1));
  const args = parseCommandArgs(argv, SPEC);
  const [action, name, ...extra] = args.positional;
  const usage = `Usage: ${usageLine(SPEC)}`;
  if (action === 'install' || action === 'remove') {
    if (name !== 'tensorflow' && name !== 'tensorflow-gpu') throw new UsageError(`\`modellab backend ${action}\` needs tensorflow or tensorflow-gpu${name ? `, got '${name}'` : ''}.\n${usage}`);
    if (extra.length) throw new UsageError(`\`modellab backend ${action}\` takes one backend, got ${[name, ...extra].join(' ')}.\n${usage}`);
    return action === 'install' ? installCommand(name, args.flags.has('json')) : removeCommand(name);
  }
  if (action !== 'status' || name !== undefined) throw new UsageError(`${action === undefined ? '`modellab backend` needs an action' : `Unknown action '${[action, name].filter(Boolean).join(' ')}' for \`modellab backend\``}: status, install NAME or remove NAME.\n${usage}`);
  const workspace = stringFlag(args, 'workspace') ?? process.cwd();
  if (args.flags.has('json')) return startJob({ kind: 'backend-status', workspace }, (event) => process.stdout.write(`${JSON.stringify(event)}\n`)).done;
  process.stdout.write(backendReportText(await backendReport(workspace)));
  return 0;
}

async function installCommand(name: NativeBackend, json: boolean): Promise<number> {
  process.stderr.write(`Installing ${NATIVE_PACKAGES[name]}@${tfjsVersion()} into ${backendsDir()} (its install downloads libtensorflow; this can take minutes)…\n`);
  const result = await installNativeBackend(name, { onOutput: (text) => process.stderr.write(text) });
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!result.ok) {
    process.stderr.write(`\nmodellab: ${result.reason}\n`);
    return 1;
  }
  if (!json) process.stdout.write(`\n${name} is ready: ${NATIVE_PACKAGES[name]} ${result.status.version} in ${result.status.location}, a training step in ${result.status.stepMs} ms. Training with --backend auto now uses it.\n`);
  return 0;
}

async function removeCommand(name: NativeBackend): Promise<number> {
  const result = await removeNativeBackend(name, { onOutput: (text) => process.stderr.write(text) });
  (result.ok ? process.stdout : process.stderr).write(`${result.message}\n`);
  return result.ok ? 0 : 1;
}

async function probeCommand(argv: string[]): Promise<number> {
  const name = argv[0] as BackendName;
  if (!NAMES.includes(name)) throw new UsageError(`backend probe needs one of ${NAMES.join(', ')}`);
  const at = argv.indexOf('--workspace');
  const status = await probeBackend(name, at >= 0 ? argv[at + 1] : undefined);
  process.stdout.write(`${JSON.stringify(status)}\n`);
  return 0;
}
