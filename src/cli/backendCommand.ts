// `modellab backend status`: every backend, tried here, with why not when it cannot run.
import { backendReport, probeBackend, type BackendReport, type BackendStatus } from '../engine/backend/status';
import type { BackendName } from '../engine/events';
import { parseCommandArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { table } from './format';

const SPEC = commandSpec('backend')!;
const NAMES: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export async function backendCommand(argv: string[]): Promise<number> {
  // `backend probe NAME` is the report's own child process for one native backend (not in --help).
  if (argv[0] === 'probe') return probeCommand(argv.slice(1));
  const args = parseCommandArgs(argv, SPEC);
  const [action] = positionals(args, SPEC);
  if (action !== 'status') throw new UsageError(`Unknown action '${action}' for \`modellab backend\`: use \`modellab backend status\`.`);
  const report = await backendReport(stringFlag(args, 'workspace') ?? process.cwd());
  if (args.flags.has('json')) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  process.stdout.write(reportText(report));
  return 0;
}

async function probeCommand(argv: string[]): Promise<number> {
  const name = argv[0] as BackendName;
  if (!NAMES.includes(name)) throw new UsageError(`backend probe needs one of ${NAMES.join(', ')}`);
  const at = argv.indexOf('--workspace');
  const status = await probeBackend(name, at >= 0 ? argv[at + 1] : undefined);
  process.stdout.write(`${JSON.stringify(status)}\n`);
  return 0;
}

function detail(b: BackendStatus): string {
  if (!b.available) return b.reason ?? 'not available';
  const parts = [b.location ? `from ${b.location}` : b.source === 'modellab' ? "Model Lab's own" : ''];
  if (b.simd !== undefined) parts.push(`SIMD ${b.simd ? 'on' : 'off'}`);
  if (b.threads !== undefined) parts.push(`${b.threads} thread${b.threads === 1 ? '' : 's'}`);
  if (b.stepMs !== undefined) parts.push(`a training step in ${b.stepMs} ms`);
  return parts.filter(Boolean).join(', ');
}

export function reportText(report: BackendReport): string {
  const rows = report.backends.map((b) => [b.name, b.available ? 'yes' : 'no', b.version ?? '-', detail(b)]);
  return [
    table(['backend', 'available', 'version', 'details'], rows),
    '',
    `auto trains on: ${report.auto}   (TensorFlow.js ${report.tfjs}; native backends are looked for in ${report.backendsDir}, then the workspace's node_modules, then Model Lab's)`,
    '',
  ].join('\n');
}
