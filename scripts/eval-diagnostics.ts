// npm run eval:diagnostics [-- model files...]: every sample (healthy ones with extra seeds), scored
// per rule: expected vs found, precision, recall, and when the finding first appeared.
import * as path from 'node:path';
import { ALL_RULES } from '../src/engine/diagnostics/rules/index';
import { loadCases, runCases, score, type Case } from './diagnosticsEval';

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '-');

async function main() {
  const extra: Case[] = process.argv.slice(2).map((file) => ({ file: path.resolve(file) }));
  const cases = [...loadCases([101, 202]), ...extra];
  process.stderr.write(`Training ${cases.length} runs…\n`);
  const results = await runCases(cases, undefined, (r) => {
    const codes = r.found.map((f) => `${f.code}${f.epoch !== undefined ? `@${f.epoch + 1}` : ''}`).join(', ') || 'none';
    const ok = r.expected === undefined ? '?' : r.expected.every((c) => r.found.some((f) => f.code === c)) && r.found.every((f) => r.expected!.includes(f.code)) ? 'ok' : 'MISS';
    process.stderr.write(`  ${ok.padEnd(4)} ${path.relative(process.cwd(), r.file)}${r.seed !== undefined ? ` (seed ${r.seed})` : ''}: ${codes}${r.error ? `  [${r.status}: ${r.error}]` : ''}\n`);
  });
  const codes = ALL_RULES.map((r) => r.meta.code);
  const s = score(results, codes);
  const rows = s.rules.map((r) => {
    const median = r.firstSeen.length ? r.firstSeen.sort((a, b) => a - b)[Math.floor(r.firstSeen.length / 2)] : NaN;
    return [r.code, String(r.truePositives + r.falseNegatives), String(r.truePositives), String(r.falseNegatives), String(r.falsePositives), pct(r.precision), pct(r.recall), pct(median)];
  });
  const header = ['rule', 'expected', 'found', 'missed', 'false alarms', 'precision', 'recall', 'first seen (median, % of epochs)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`\nfaulty programs with the right finding: ${s.faultyRight}/${s.faulty} (${pct(s.faultyRight / s.faulty)})`);
  console.log(`healthy runs with a false alarm:        ${s.healthyAlarms}/${s.healthy} (${pct(s.healthyAlarms / s.healthy)})`);
  for (const r of results.filter((x) => x.expected === undefined)) console.log(`${r.file}: ${r.found.map((f) => f.code).join(', ') || 'no findings'}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
