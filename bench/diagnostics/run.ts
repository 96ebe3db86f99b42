// npm run bench:diagnostics [-- --half test|dev|holdout|all] [--seeds 1,2,3] [--parallel N] [--only ID,...] [--json FILE]
//
// The independent diagnostics benchmark: faulty programs and their healthy counterparts (bench/diagnostics/
// programs, listed with their expected codes in manifest.json), each trained at 3 seeds. The manifest fixes a
// development half (thresholds may be tuned on it) and a test half (reported, never tuned on). Prints, per rule
// and overall: recall on the faulty runs, false alarms on the healthy runs, the share of findings on the right
// line (the line marked `// ← fault`), and the median first detection as a share of the planned epochs. The holdout
// half was written later, by someone who had not read the rules, once the test half had been seen: it is the one
// never looked at while changing a rule.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCases, type Case, type CaseResult } from '../../scripts/diagnosticsEval';
import { scoreBenchmark, type BenchProgram, type BenchRun } from './score';

const HERE = __dirname;

interface Manifest {
  seeds: number[];
  pairs: { id: string; arch: string; faultClass: string; fault: string; expect: string[]; half: string }[];
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The 1-based line holding the `// ← fault` marker, if the program has one. */
function faultLine(file: string): number | undefined {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes('// ← fault'));
  return i >= 0 ? i + 1 : undefined;
}

export function loadPrograms(half: string): BenchProgram[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, 'manifest.json'), 'utf8')) as Manifest;
  const programs: BenchProgram[] = [];
  for (const pair of manifest.pairs) {
    if (half !== 'all' && pair.half !== half) continue;
    for (const kind of ['faulty', 'healthy'] as const) {
      const file = path.join(HERE, 'programs', `${pair.id}.${kind}.model.ts`);
      programs.push({ id: pair.id, kind, file, arch: pair.arch, faultClass: pair.faultClass, half: pair.half, expect: kind === 'faulty' ? pair.expect : [], line: kind === 'faulty' ? faultLine(file) : undefined });
    }
  }
  return programs;
}

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '-');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function main() {
  const half = flag('half') ?? 'test';
  const manifest = JSON.parse(fs.readFileSync(path.join(HERE, 'manifest.json'), 'utf8')) as Manifest;
  const halves = [...new Set(manifest.pairs.map((p) => p.half))];
  if (![...halves, 'all'].includes(half)) throw new Error(`--half must be ${halves.join(', ')} or all, got '${half}'`);
  const seeds = (flag('seeds') ?? manifest.seeds.join(',')).split(',').map(Number);
  const only = flag('only')?.split(',');
  const programs = loadPrograms(half).filter((p) => !only || only.includes(p.id));
  const cases: (Case & { program: BenchProgram })[] = programs.flatMap((program) => seeds.map((seed) => ({ file: program.file, seed, expected: program.expect, program })));
  const parallel = Number(flag('parallel') ?? Math.max(1, Math.min(2, os.cpus().length)));
  process.stderr.write(`Training ${cases.length} runs (${programs.length} programs of the ${half} half × ${seeds.length} seeds, ${parallel} at a time)…\n`);
  const started = Date.now();
  const results = (await runCases(cases, parallel, (r) => {
    const program = (r as CaseResult & { program: BenchProgram }).program;
    const codes = r.found.map((f) => `${f.code}${f.epoch !== undefined ? `@${f.epoch + 1}` : ''}${f.line !== undefined ? `:${f.line}` : ''}${f.resolvedEpoch !== undefined ? `(resolved@${f.resolvedEpoch + 1})` : ''}`).join(', ') || 'none';
    const ok = program.kind === 'faulty' ? (r.found.some((f) => program.expect.includes(f.code)) ? 'ok' : 'MISS') : r.found.some((f) => f.resolvedEpoch === undefined) ? 'FALSE' : 'ok';
    process.stderr.write(`  ${ok.padEnd(5)} ${program.id}.${program.kind} (seed ${r.seed}): ${codes}${r.error ? `  [${r.status}: ${r.error}]` : ''}\n`);
  })) as (CaseResult & { program: BenchProgram })[];
  const runs: BenchRun[] = results.map((r) => ({ program: r.program, seed: r.seed!, found: r.found, epochs: r.epochs, status: r.status, error: r.error }));
  const s = scoreBenchmark(runs);

  console.log(`\nDiagnostics benchmark, ${half} half: ${programs.length / 2} pairs, ${runs.length} runs, ${Math.round((Date.now() - started) / 1000)} s\n`);
  console.log(table(
    ['rule', 'faulty runs expecting it', 'found', 'recall', 'right line', 'first seen (median)', 'false alarms (healthy runs)'],
    s.rules.map((r) => [r.code, String(r.expected), String(r.found), pct(r.recall), pct(r.rightLine), pct(r.firstSeen), String(r.falseAlarms)]),
  ));
  console.log('\n' + table(
    ['fault class', 'faulty runs', 'right finding', 'healthy runs', 'false alarms'],
    s.classes.map((c) => [c.faultClass, String(c.faulty), String(c.right), String(c.healthy), String(c.alarms)]),
  ));
  const o = s.overall;
  console.log(`\nfaulty runs with an expected finding:  ${o.faultyRight}/${o.faulty} (${pct(o.faultyRight / o.faulty)}); programs found at every seed ${o.programsAlways}/${o.programs}, at some seed ${o.programsAny}/${o.programs}`);
  console.log(`healthy runs with a warning at the end: ${o.healthyAlarms}/${o.healthy} (${pct(o.healthyAlarms / o.healthy)}); with one during the run (later resolved) ${o.healthyTransient}`);
  console.log(`expected findings on the marked line:  ${o.rightLine}/${o.located} (${pct(o.rightLine / o.located)})`);
  console.log(`first detection, median share of the planned epochs (training rules): ${pct(o.firstSeenMedian)}`);
  if (o.failed.length) console.log(`runs that did not train: ${o.failed.join('; ')}`);
  const out = flag('json');
  if (out) fs.writeFileSync(out, JSON.stringify({ half, seeds, score: s, runs }, null, 2));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
