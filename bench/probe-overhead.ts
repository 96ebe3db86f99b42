// npm run bench:probes: training throughput with probes at the default interval vs off, same model,
// same backend, alternating runs so drift on the machine affects both alike. Prints medians and the ratio.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');
const file = path.join(__dirname, 'probe-overhead.model.ts');
const repeats = Number(process.env.REPEATS ?? 5);
const backend = process.env.BACKEND ?? 'wasm';
const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-bench-'));

function throughput(experiment: string): number {
  const r = spawnSync(process.execPath, [cli, 'train', file, '--experiment', experiment, '--backend', backend, '--json', '--runs-dir', runsDir], { encoding: 'utf8' });
  const last = JSON.parse(r.stdout.trim().split('\n').pop()!);
  if (last.type !== 'run-finished') throw new Error(`${experiment}: ${r.stdout.slice(-500)} ${r.stderr.slice(-500)}`);
  return last.samplesPerSecond;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const pairs: [string, string][] = [['digits-mlp-b32-probes', 'digits-mlp-b32-noprobes'], ['wide-mlp-b128-probes', 'wide-mlp-b128-noprobes']];
const report: Record<string, unknown>[] = [];
console.log(`backend ${backend}, ${repeats} alternating runs each, median samples/s`);
for (const [on, off] of pairs) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < repeats; i++) {
    a.push(throughput(on));
    b.push(throughput(off));
  }
  const ratio = median(a) / median(b);
  console.log(`${on.replace(/-probes$/, '').padEnd(18)} probes on ${median(a).toFixed(0).padStart(7)}   off ${median(b).toFixed(0).padStart(7)}   on/off ${ratio.toFixed(3)}  (cost ${((1 / ratio - 1) * 100).toFixed(1)}% of training time)`);
  report.push({ model: on.replace(/-probes$/, ''), backend, probesOn: median(a), probesOff: median(b), ratio, runsOn: a, runsOff: b });
}
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
const out = path.join(__dirname, 'results', `probe-overhead-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, report }, null, 2));
console.log(`report: ${path.relative(process.cwd(), out)}`);
fs.rmSync(runsDir, { recursive: true, force: true });
