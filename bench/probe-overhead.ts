// npm run bench:probes: probes at the default interval vs off, same model, same backend, alternating runs
// so drift on the machine affects both alike. Prints medians of two figures: the wall time from
// run-started to run-finished (what a user waits for: includes the probes themselves, validation and
// saving, which are the same in both), and the in-step throughput the run reports (the per-step
// statistics only; probes run between steps). The wide MLP runs twice: 8 epochs (about 1 s of
// training, where the probes' one-time costs, code that V8 has not compiled yet, weigh most) and 40.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './median';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');
const file = path.join(__dirname, 'probe-overhead.model.ts');
const repeats = Number(process.env.REPEATS ?? 5);
const backend = process.env.BACKEND ?? 'wasm';
const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-bench-'));

function measure(experiment: string, epochs?: number): { wallSeconds: number; samplesPerSecond: number } {
  const r = spawnSync(process.execPath, [cli, 'train', file, '--experiment', experiment, '--backend', backend, '--json', '--runs-dir', runsDir, ...(epochs ? ['--epochs', String(epochs)] : [])], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const first = lines.find((e) => e.type === 'run-started');
  const last = lines[lines.length - 1];
  if (!first || last.type !== 'run-finished') throw new Error(`${experiment}: ${r.stdout.slice(-500)} ${r.stderr.slice(-500)}`);
  return { wallSeconds: (Date.parse(last.time) - Date.parse(first.time)) / 1000, samplesPerSecond: last.samplesPerSecond };
}


const pairs: [string, string, number?][] = [
  ['digits-mlp-b32-probes', 'digits-mlp-b32-noprobes'],
  ['wide-mlp-b128-probes', 'wide-mlp-b128-noprobes'],
  ['wide-mlp-b128-probes', 'wide-mlp-b128-noprobes', 40],
];
const report: Record<string, unknown>[] = [];
console.log(`backend ${backend}, ${repeats} alternating runs each, medians`);
for (const [on, off, epochs] of pairs) {
  const a: ReturnType<typeof measure>[] = [];
  const b: ReturnType<typeof measure>[] = [];
  for (let i = 0; i < repeats; i++) {
    a.push(measure(on, epochs));
    b.push(measure(off, epochs));
  }
  const wallOn = median(a.map((m) => m.wallSeconds));
  const wallOff = median(b.map((m) => m.wallSeconds));
  const spsOn = median(a.map((m) => m.samplesPerSecond));
  const spsOff = median(b.map((m) => m.samplesPerSecond));
  const name = on.replace(/-probes$/, '') + (epochs ? ` ×${epochs} ep` : '');
  console.log(`${name.padEnd(24)} wall: probes on ${wallOn.toFixed(2)} s, off ${wallOff.toFixed(2)} s, cost ${((wallOn / wallOff - 1) * 100).toFixed(1)}%   in-step: on ${spsOn.toFixed(0)}, off ${spsOff.toFixed(0)} samples/s, cost ${((spsOff / spsOn - 1) * 100).toFixed(1)}%`);
  report.push({ model: name, epochs: epochs ?? 8, backend, wallOn, wallOff, wallCost: wallOn / wallOff - 1, samplesPerSecondOn: spsOn, samplesPerSecondOff: spsOff, inStepCost: spsOff / spsOn - 1, runsOn: a, runsOff: b });
}
fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
const out = path.join(__dirname, 'results', `probe-overhead-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, report }, null, 2));
console.log(`report: ${path.relative(process.cwd(), out)}`);
fs.rmSync(runsDir, { recursive: true, force: true });
