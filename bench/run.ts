// npm run bench [-- --steps N --repeats N --leak --only mlp,cnn --backends wasm,cpu --threads N --no-torch --no-replicas --no-nosimd]
// Trains the issue-6 workloads (MLP, CNN, LSTM on synthetic data) and the digits samples for a fixed
// number of steps on every backend available here, the same models in PyTorch (when `import torch`
// works), and prints samples/s (on wasm also with the threaded build and with one data-parallel replica
// per core), the ratio to PyTorch at 1 and 2 threads, Model Lab's overheads (probes
// on vs off, its loop vs plain model.fit), the peak RSS of a full run of the CNN sample, and writes it
// all to bench/results/bench-<date>.json. Every measurement is a fresh process (bench/worker.ts).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const STEPS = Number(option('steps', '40'));
const WARMUP = Number(option('warmup', '5'));
const REPEATS = Number(option('repeats', '1'));
const ONLY = option('only', 'mlp,cnn,lstm,digits-mlp,digits-cnn').split(',');
const BACKENDS = option('backends', 'wasm,cpu').split(',') as ('wasm' | 'cpu')[];
const THREADS = Number(option('threads', String(os.availableParallelism?.() ?? os.cpus().length)));
const PYTHON = option('python', fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const root = path.join(__dirname, '..');

type Row = { workload: string; backend: string; mode: string; samplesPerSecond: number; msPerStep: number; threads: number; replicas: number; probeInterval: number; maxRssMiB: number; runs: number[]; error?: string };

function worker(job: Record<string, unknown>): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker.ts'), JSON.stringify(job)], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return { error: `${r.stdout.slice(-300)} ${r.stderr.slice(-300)}` };
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `modes` alternately REPEATS times (drift on the machine hits them alike); median per mode. */
/** A mode is 'noprobes' | 'probes' | 'fit', optionally '@N' for N wasm threads; 'replicas@N': probes off, N data-parallel replicas; 'nosimd': probes off, without Model Lab's SIMD kernels. */
function measure(workload: string, backend: string, modes: string[], steps: number): Row[] {
  const runs = new Map<string, Record<string, unknown>[]>(modes.map((m) => [m, []]));
  for (let i = 0; i < REPEATS; i++) {
    for (const mode of modes) {
      const [plainMode, count] = mode.split('@');
      const replicas = plainMode === 'replicas';
      const nosimd = plainMode === 'nosimd';
      const res = worker({ workload, backend, mode: replicas || nosimd ? 'noprobes' : plainMode, steps, warmup: WARMUP, threads: count && !replicas ? Number(count) : undefined, replicas: replicas ? Number(count) : undefined, simd: nosimd ? false : undefined });
      runs.get(mode)!.push(res);
      process.stderr.write(res.error ? `  ${workload}/${backend}/${mode}: ERROR ${String(res.error).split('\n')[0]}\n` : `  ${workload}/${backend}/${mode}: ${(res.samplesPerSecond as number).toFixed(0)} samples/s\n`);
    }
  }
  return modes.map((mode) => {
    const ok = runs.get(mode)!.filter((r) => !r.error);
    if (ok.length === 0) return { workload, backend, mode, samplesPerSecond: NaN, msPerStep: NaN, threads: 0, replicas: 0, probeInterval: 0, maxRssMiB: NaN, runs: [], error: String(runs.get(mode)![0].error) };
    const sps = ok.map((r) => r.samplesPerSecond as number);
    const mid = ok.find((r) => r.samplesPerSecond === median(sps))!;
    return { workload, backend: String(mid.backendUsed), mode, samplesPerSecond: median(sps), msPerStep: mid.msPerStep as number, threads: mid.threads as number, replicas: (mid.replicas as number) ?? 1, probeInterval: mid.probeInterval as number, maxRssMiB: mid.maxRssMiB as number, runs: sps };
  });
}

function torch(threads: number, only: string[]): { threads: number; version: string; blas: string; results: Record<string, { samplesPerSecond: number; msPerStep: number }> } | { skipped: string } {
  if (flag('no-torch')) return { skipped: '--no-torch' };
  const check = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (check.status !== 0) return { skipped: `${PYTHON} -c 'import torch' failed (${(check.stderr || check.error?.message || '').trim().split('\n').pop()}); install PyTorch (Debian: apt-get install python3-torch) to compare` };
  // OpenBLAS starts a thread per core unless told: hold it to the thread count measured.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  const r = spawnSync(PYTHON, [path.join(__dirname, 'torch_bench.py'), '--threads', String(threads), '--steps', String(STEPS), '--warmup', String(WARMUP), '--only', only.join(',')], { encoding: 'utf8', env });
  if (r.status !== 0) return { skipped: `torch_bench.py failed: ${r.stderr.slice(-300)}` };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { threads: out.threads, version: out.torch, blas: out.blas, results: out.results };
}

/** A whole run of the CNN sample through the CLI (which forks the training process), under /usr/bin/time. */
function sampleRss(): Record<string, unknown> {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-bench-'));
  const cli = [path.join(root, 'bin', 'modellab.js'), 'train', path.join(root, 'samples', 'digits-cnn.model.ts'), '--backend', 'wasm', '--json', '--runs-dir', runsDir];
  const timed = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = timed ? spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB %M', process.execPath, ...cli], { encoding: 'utf8', maxBuffer: 256 << 20 }) : spawnSync(process.execPath, cli, { encoding: 'utf8', maxBuffer: 256 << 20 });
  fs.rmSync(runsDir, { recursive: true, force: true });
  const finished = r.stdout.trim().split('\n').map((l) => { try { return JSON.parse(l); } catch { return {}; } }).find((e) => e.type === 'run-finished');
  const kb = /MAXRSS_KB (\d+)/.exec(r.stderr)?.[1];
  // GNU time reports the largest RSS among the process and its waited-for children: the training process.
  return { sample: 'samples/digits-cnn.model.ts', backend: finished?.backend, status: finished?.status, epochs: finished?.epochsCompleted, samplesPerSecond: finished?.samplesPerSecond, valAccuracy: finished?.metrics?.val_accuracy, peakRssMiB: kb ? Number(kb) / 1024 : undefined, wallSeconds: (performance.now() - t0) / 1000, how: timed ? '/usr/bin/time -f %M (max over the CLI and its training child)' : 'unavailable' };
}

function leak(): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'leak.ts'), '10000', 'wasm'], { cwd: root, encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop()!);
  } catch {
    return { error: r.stderr.slice(-500) };
  }
}

const fmt = (x: number | undefined, d = 0) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '—');

function main(): void {
  const t0 = performance.now();
  console.log(`Model Lab bench: ${STEPS} measured steps after ${WARMUP} warm-up, ${REPEATS} repeat(s), node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model})`);
  const synthetic = ['mlp', 'cnn', 'lstm'].filter((w) => ONLY.includes(w));
  const samples = ['digits-mlp', 'digits-cnn'].filter((w) => ONLY.includes(w));
  const rows: Row[] = [];
  for (const w of [...synthetic, ...samples]) {
    for (const b of BACKENDS) {
      // On wasm: probes on/off and model.fit (the overheads); the plain-JS backend is slow: throughput only, fewer steps.
      // The synthetic workloads also on the wasm backend's multi-threaded build, with every core.
      // …and split across one data-parallel replica per core.
      const threaded = b === 'wasm' && THREADS > 1 && synthetic.includes(w) ? [`noprobes@${THREADS}`] : [];
      if (b === 'wasm' && THREADS > 1 && !flag('no-replicas')) threaded.push(`replicas@${THREADS}`);
      // …and once without Model Lab's SIMD kernels, to show what they bring in the same run.
      const modes = b === 'wasm' ? ['noprobes', 'probes', 'fit', ...(synthetic.includes(w) && !flag('no-nosimd') ? ['nosimd'] : []), ...threaded] : ['noprobes'];
      rows.push(...measure(w, b, modes, b === 'cpu' ? Math.max(5, Math.round(STEPS / 4)) : STEPS));
    }
  }
  process.stderr.write('  PyTorch…\n');
  const torch1 = torch(1, synthetic);
  const torch2 = torch(2, synthetic);
  process.stderr.write('  digits-cnn sample, full run (peak RSS)…\n');
  const rss = flag('no-rss') ? { skipped: '--no-rss' } : sampleRss();
  const leakResult = flag('leak') ? (process.stderr.write('  leak check, 10,000 steps…\n'), leak()) : { skipped: 'pass --leak (about 80 s)' };

  const t1 = 'results' in torch1 ? torch1.results : undefined;
  const t2 = 'results' in torch2 ? torch2.results : undefined;
  const get = (w: string, b: string, m: string) => rows.find((r) => r.workload === w && r.backend === b && r.mode === m);
  console.log('\nThroughput (samples/s; Model Lab loop, probes off; ratio = Model Lab / PyTorch CPU)');
  console.log(`${'workload'.padEnd(11)}${'backend'.padEnd(8)}${'threads'.padStart(8)}${'replicas'.padStart(9)}${'samples/s'.padStart(11)}${'ms/step'.padStart(9)}${'torch 1T'.padStart(10)}${'ratio'.padStart(8)}${'torch 2T'.padStart(10)}${'ratio'.padStart(8)}`);
  for (const r of rows.filter((x) => x.mode.startsWith('noprobes') || x.mode.startsWith('replicas') || x.mode === 'nosimd')) {
    const a = t1?.[r.workload]?.samplesPerSecond;
    const b = t2?.[r.workload]?.samplesPerSecond;
    const backendLabel = r.mode === 'nosimd' ? `${r.backend}*` : r.backend;
    console.log(`${r.workload.padEnd(11)}${backendLabel.padEnd(8)}${String(r.threads).padStart(8)}${String(r.replicas).padStart(9)}${fmt(r.samplesPerSecond).padStart(11)}${fmt(r.msPerStep, 1).padStart(9)}${fmt(a).padStart(10)}${ratio(r.samplesPerSecond, a).padStart(8)}${fmt(b).padStart(10)}${ratio(r.samplesPerSecond, b).padStart(8)}${r.error ? '  ERROR ' + r.error.split('\n')[0].slice(0, 120) : ''}`);
  }
  if ('skipped' in torch1) console.log(`PyTorch skipped: ${torch1.skipped}`);
  else {
    if (/(^|[\/ ])blas\/libblas/.test(torch1.blas)) console.log(`WARNING: PyTorch uses the reference BLAS (${torch1.blas}), several times slower than OpenBLAS for its matrix products: the ratios flatter Model Lab. Install libopenblas0-pthread (Debian) for a fair baseline.`);
    console.log(`PyTorch ${torch1.version} (BLAS: ${torch1.blas}): default threads = ${torch1.threads}; "2T" = torch.set_num_threads(2). Model Lab: wasm 1 thread = the default single-threaded build; wasm ${THREADS} threads = the multi-threaded build (MODELLAB_WASM_THREADS=${THREADS}); ${THREADS} replicas = each batch split across ${THREADS} data-parallel replicas on the single-threaded build, one thread each (MODELLAB_REPLICAS=${THREADS}); cpu = single-threaded JS; wasm* = wasm 1 thread without Model Lab's SIMD kernels (MODELLAB_SIMD=0: tfjs' matrix product and Adam kernels, the LSTM's JS loop). Compare each row with PyTorch at its own thread count.`);
  }

  console.log('\nOverheads on wasm (samples/s)');
  console.log(`${'workload'.padEnd(11)}${'probes off'.padStart(11)}${'probes on'.padStart(11)}${'interval'.padStart(9)}${'on cost'.padStart(9)}${'model.fit'.padStart(11)}${'loop/fit'.padStart(10)}`);
  const overheads: Record<string, unknown>[] = [];
  for (const w of [...synthetic, ...samples]) {
    const off = get(w, 'wasm', 'noprobes');
    const on = get(w, 'wasm', 'probes');
    const fit = get(w, 'wasm', 'fit');
    if (!off || !on || !fit) continue;
    const cost = off.samplesPerSecond / on.samplesPerSecond - 1;
    console.log(`${w.padEnd(11)}${fmt(off.samplesPerSecond).padStart(11)}${fmt(on.samplesPerSecond).padStart(11)}${String(on.probeInterval).padStart(9)}${(fmt(cost * 100, 1) + '%').padStart(9)}${fmt(fit.samplesPerSecond).padStart(11)}${ratio(off.samplesPerSecond, fit.samplesPerSecond).padStart(10)}`);
    overheads.push({ workload: w, probesOff: off.samplesPerSecond, probesOn: on.samplesPerSecond, probeInterval: on.probeInterval, probeCost: cost, modelFit: fit.samplesPerSecond, loopOverFit: off.samplesPerSecond / fit.samplesPerSecond });
  }
  console.log(`"on cost": extra training time with probes at the default interval (≈4 per epoch; here an epoch is the ${STEPS + WARMUP} benchmark steps). Targets: ≤ 10%, loop/fit ≥ 0.95×.`);
  if ('peakRssMiB' in rss) console.log(`\nPeak RSS, full run of the digits-cnn sample on wasm: ${fmt(rss.peakRssMiB as number)} MiB (${rss.status}, ${rss.epochs} epochs, ${fmt(rss.samplesPerSecond as number)} samples/s, val accuracy ${fmt(rss.valAccuracy as number, 3)}, ${fmt(rss.wallSeconds as number, 1)} s wall)`);
  if ('flat' in leakResult) console.log(`Tensor count over ${leakResult.steps} steps (tiny model, probes on, wasm): ${leakResult.first} → ${leakResult.last}, ${leakResult.flat ? 'flat' : 'NOT FLAT'}`);

  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const out = path.join(__dirname, 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, steps: STEPS, warmup: WARMUP, repeats: REPEATS, modelLabThreads: { default: 1, threadedRows: THREADS }, rows, torch: { oneThread: torch1, twoThreads: torch2 }, overheads, sampleRss: rss, leak: leakResult }, null, 2));
  console.log(`\nreport: ${path.relative(process.cwd(), out)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

main();
