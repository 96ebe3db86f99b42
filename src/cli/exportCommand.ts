// `modellab export <runId | model dir>`: writes the run's model as ONNX, proven against tfjs with onnxruntime.
import { DEFAULT_OPSET, exportRun, formatLocation, MAX_OPSET, MIN_OPSET, OnnxExportError, startJob, type ExportRunResult } from '../engine';
import { intFlag, parseCommandArgs, positionals, stringFlag, UsageError } from './args';
import { commandSpec } from './commandSpecs';
import { locateRunsDir, withRunsDirHint } from './runsCommands';

const SPEC = commandSpec('export')!;

export async function exportCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs(argv, SPEC);
  const [target] = positionals(args, SPEC);
  if (args.flags.has('best') && args.flags.has('last')) throw new UsageError('--best and --last exclude each other');
  const json = args.flags.has('json');
  const opset = intFlag(args, 'opset') ?? DEFAULT_OPSET;
  if (opset < MIN_OPSET || opset > MAX_OPSET) throw new UsageError(`--opset must be between ${MIN_OPSET} and ${MAX_OPSET}, got ${opset}`);
  const request = {
    kind: 'export' as const,
    runsDir: locateRunsDir(stringFlag(args, 'runs-dir')),
    run: target,
    out: stringFlag(args, 'out'),
    opset,
    which: args.flags.has('best') ? ('best' as const) : args.flags.has('last') ? ('last' as const) : undefined,
    verify: !args.flags.has('no-verify'),
  };
  if (json) return startJob(request, (event) => process.stdout.write(`${JSON.stringify(event)}\n`)).done;
  let result: ExportRunResult;
  try {
    result = await exportRun(request.runsDir, request.run, request);
  } catch (err) {
    if (!(err instanceof OnnxExportError)) throw err;
    const location = err.layer?.location;
    process.stderr.write(`error: ${location && !err.message.includes(formatLocation(location)) ? `${formatLocation(location)}: ` : ''}${withRunsDirHint(err.message)}\n`);
    return err.code === 'internal' ? 1 : 2;
  }
  printSummary(result);
  const v = result.report.verification;
  return v && !v.passed ? 1 : 0;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toExponential(1) : String(x);
}

function printSummary(result: ExportRunResult): void {
  const { report } = result;
  const out = process.stdout;
  const v = report.verification;
  const io = (list: { name: string; shape: (number | string)[] }[]) => list.map((t) => `${t.name} [${t.shape.join(', ')}]`).join(', ');
  out.write(`file        ${result.file ?? '(not written)'}\n`);
  out.write(`opset       ${report.opset} (IR ${report.irVersion})\n`);
  out.write(`size        ${(report.sizeBytes / 1024).toFixed(1)} KiB, ${report.nodes} nodes, ${report.parameters.toLocaleString('en-US')} parameters\n`);
  out.write(`inputs      ${io(report.inputs)}\n`);
  out.write(`outputs     ${io(report.outputs)}\n`);
  if (!v) {
    out.write('verified    no (--no-verify)\n');
    return;
  }
  const real = 'unavailable' in result.realInputs ? `no real inputs (${result.realInputs.unavailable})` : `${result.realInputs.count} ${result.realInputs.split} samples`;
  out.write(`checked     ${v.runtime} vs TensorFlow.js on ${v.cases.map((c) => `${c.label} (batch ${c.batch})`).join(', ')}; ${real}\n`);
  for (const o of v.outputs) out.write(`  ${o.name}: max abs ${fmt(o.maxAbs)}, max rel ${fmt(o.maxRel)} ${o.passed ? 'ok' : 'FAILED'}\n`);
  if (!v.passed) {
    for (const c of v.cases) for (const o of c.outputs) {
      if (o.passed) continue;
      const shapes = o.shape.join('×') === o.onnxShape.join('×') ? '' : ` shape onnx [${o.onnxShape}] vs tfjs [${o.shape}]`;
      out.write(`  ${c.label} ${o.name}:${shapes} ${o.mismatches} elements off${o.firstMismatch ? `, first at ${o.firstMismatch.index}: onnx ${o.firstMismatch.onnx} vs tfjs ${o.firstMismatch.tfjs}` : ''}\n`);
    }
  }
  out.write(`verdict     ${v.passed ? `verified (|onnx − tfjs| ≤ ${v.tolerance.atol} + ${v.tolerance.rtol}·|tfjs| everywhere)` : 'FAILED: the export does not match TensorFlow.js; no file written'}\n`);
}
