// npm run bench [-- --steps N --min-seconds S --repeats N --leak --only mlp,cnn --backends wasm,cpu --threads N --no-torch --no-replicas --no-nosimd]
// Trains the issue-6 workloads (MLP, CNN, LSTM on synthetic data) and the digits samples for a fixed
// number of steps on every backend available here, the same models in PyTorch (when `import torch`
// works), and prints samples/s (on wasm also with the threaded build and with one data-parallel replica
// per core), the ratio to PyTorch at 1 and 2 threads, Model Lab's overheads (probes
// on vs off, its loop vs plain model.fit), the peak RSS of a full run of the CNN sample, and writes it
// all to bench/results/bench-<date>.json. Every measurement is a fresh process (bench/worker.ts).
// Each measured window lasts at least --min-seconds (more steps for fast workloads): step times on a
// shared VM swing 2× within seconds, and a window of a fraction of a second measures that, not the code.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './median';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const STEPS = Number(option('steps', '40'));
const MIN_SECONDS = Number(option('min-seconds', '3'));
const WARMUP = Number(option('warmup', '5'));
const REPEATS = Number(option('repeats', '1'));
const ONLY = option('only', 'mlp,cnn,lstm,digits-mlp,digits-cnn').split(',');
const BACKENDS = option('backends', 'wasm,cpu').split(',') as ('wasm' | 'cpu')[];
const THREADS = Number(option('threads', String(os.availableParallelism?.() ?? os.cpus().length)));
const PYTHON = option('python', fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const root = path.join(__dirname, '..');

/** One mode's runs of a workload; `runs[i]` is repeat i's samples/s (NaN where it failed), so rows of one `measure` call pair up by repeat. */
type Row = { workload: string; backend: string; mode: string; group: number; steps: number; samplesPerSecond: number; msPerStep: number; threads: number; replicas: number; probeInterval: number; maxRssMiB: number; runs: number[]; diagnosticsCost?: number; error?: string };

function worker(job: Record<string, unknown>): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker.ts'), JSON.stringify(job)], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return { error: `${r.stdout.slice(-300)} ${r.stderr.slice(-300)}` };
  }
}


/** PyTorch's version and BLAS, from its first run; or why it is skipped. */
let torchInfo: { version: string; blas: string; defaultThreads: number } | { skipped: string } | undefined;

function torchAvailable(): boolean {
  if (torchInfo === undefined) {
    if (flag('no-torch')) torchInfo = { skipped: '--no-torch' };
    else {
      const check = spawnSync(PYTHON, ['-c', 'import torch; print(torch.get_num_threads())'], { encoding: 'utf8' });
      if (check.status !== 0) torchInfo = { skipped: `${PYTHON} -c 'import torch' failed (${(check.stderr || check.error?.message || '').trim().split('\n').pop()}); install PyTorch (Debian: apt-get install python3-torch) to compare` };
      else torchInfo = { version: '?', blas: '?', defaultThreads: Number(check.stdout.trim()) };
    }
  }
  return !('skipped' in torchInfo);
}

/** One PyTorch run of `workload` at `threads` threads, as a worker result. */
function torch(threads: number, workload: string, steps: number): Record<string, unknown> {
  // OpenBLAS starts a thread per core unless told: hold it to the thread count measured.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  const r = spawnSync(PYTHON, [path.join(__dirname, 'torch_bench.py'), '--threads', String(threads), '--steps', String(steps), '--min-seconds', String(MIN_SECONDS), '--warmup', String(WARMUP), '--only', workload], { encoding: 'utf8', env });
  if (r.status !== 0) return { error: `torch_bench.py failed: ${r.stderr.slice(-300)}` };
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
  if (torchInfo && !('skipped' in torchInfo)) Object.assign(torchInfo, { version: out.torch, blas: out.blas });
  return { ...out.results[workload], backendUsed: 'pytorch', threads: out.threads };
}

let groups = 0;

/**
 * Runs `modes` alternately REPEATS times (drift on the machine hits them alike); median per mode. A mode
 * is 'noprobes' | 'probes' | 'fit', optionally '@N' for N wasm threads; 'replicas@N': probes off, N
 * data-parallel replicas; 'nosimd': probes off, without Model Lab's SIMD kernels; 'torch@N': PyTorch at N threads.
 */
function measure(workload: string, backend: string, modes: string[], steps: number): Row[] {
  const group = groups++;
  const runs = new Map<string, Record<string, unknown>[]>(modes.map((m) => [m, []]));
  for (let i = 0; i < REPEATS; i++) {
    for (const mode of modes) {
      const [plainMode, count] = mode.split('@');
      const replicas = plainMode === 'replicas';
      const nosimd = plainMode === 'nosimd';
      const res =
        plainMode === 'torch'
          ? torch(Number(count), workload, steps)
          : worker({ workload, backend, mode: replicas || nosimd ? 'noprobes' : plainMode, steps, warmup: WARMUP, threads: count && !replicas ? Number(count) : undefined, replicas: replicas ? Number(count) : undefined, simd: nosimd ? false : undefined });
      runs.get(mode)!.push(res);
      process.stderr.write(res.error ? `  ${workload}/${backend}/${mode}: ERROR ${String(res.error).split('\n')[0]}\n` : `  ${workload}/${backend}/${mode}: ${(res.samplesPerSecond as number).toFixed(0)} samples/s\n`);
    }
  }
  return modes.map((mode) => {
    const all = runs.get(mode)!;
    const ok = all.filter((r) => !r.error);
    const label = mode.startsWith('torch') ? 'pytorch' : backend;
    if (ok.length === 0) return { workload, backend: label, mode, group, steps, samplesPerSecond: NaN, msPerStep: NaN, threads: 0, replicas: 0, probeInterval: 0, maxRssMiB: NaN, runs: [], error: String(all[0].error) };
    const sps = ok.map((r) => r.samplesPerSecond as number);
    // The run nearest the median (the median itself for an odd count), for its other figures.
    const mid = ok.reduce((best, r) => (Math.abs((r.samplesPerSecond as number) - median(sps)) < Math.abs((best.samplesPerSecond as number) - median(sps)) ? r : best));
    return { workload, backend: String(mid.backendUsed ?? label), mode, group, steps, samplesPerSecond: median(sps), msPerStep: mid.msPerStep as number, threads: mid.threads as number, replicas: (mid.replicas as number) ?? 1, probeInterval: mid.probeInterval as number, maxRssMiB: mid.maxRssMiB as number, runs: all.map((r) => (r.error ? NaN : (r.samplesPerSecond as number))), diagnosticsCost: mode === 'probes' ? median(ok.map((r) => r.diagnosticsCost as number)) : undefined };
  });
}

/**
 * a's samples/s over b's: the median of the per-repeat ratios where the two were measured side by side
 * (one `measure` call), which cancels the drift between repeats; else the ratio of the medians.
 */
function pairedRatio(a: Row, b: Row | undefined): number | undefined {
  if (!b || !(b.samplesPerSecond > 0)) return undefined;
  if (a.group !== b.group) return a.samplesPerSecond / b.samplesPerSecond;
  const ratios = a.runs.map((x, i) => x / b.runs[i]).filter((r) => Number.isFinite(r));
  return ratios.length > 0 ? median(ratios) : undefined;
}

/** Measured steps for a workload on a backend: STEPS, or as many as last MIN_SECONDS at the speed of a first, unmeasured run. */
function stepsFor(workload: string, backend: string): number {
  if (backend === 'cpu') return Math.max(5, Math.round(STEPS / 4));
  const trial = worker({ workload, backend, mode: 'noprobes', steps: STEPS, warmup: WARMUP });
  const ms = trial.msPerStep as number | undefined;
  return ms && ms > 0 ? Math.min(5000, Math.max(STEPS, Math.ceil((MIN_SECONDS * 1000) / ms))) : STEPS;
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
const times = (r: number | undefined) => (r === undefined ? '—' : `${r.toFixed(2)}×`);

function main(): void {
  const t0 = performance.now();
  console.log(`Model Lab bench: ≥ ${STEPS} measured steps and ≥ ${MIN_SECONDS} s per run after ${WARMUP} warm-up, ${REPEATS} repeat(s), node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model})`);
  const synthetic = ['mlp', 'cnn', 'lstm'].filter((w) => ONLY.includes(w));
  const samples = ['digits-mlp', 'digits-cnn'].filter((w) => ONLY.includes(w));
  const rows: Row[] = [];
  const interleavedProbes = new Map<string, Record<string, unknown>>();
  const interleavedFit = new Map<string, Record<string, unknown>>();
  const withTorch = synthetic.length > 0 && torchAvailable();
  for (const w of [...synthetic, ...samples]) {
    for (const b of BACKENDS) {
      // On wasm: probes on/off and model.fit (the overheads); the plain-JS backend is slow: throughput only, fewer steps.
      // The synthetic workloads also on the wasm backend's multi-threaded build, with every core.
      // …and split across one data-parallel replica per core.
      const threaded = b === 'wasm' && THREADS > 1 && synthetic.includes(w) ? [`noprobes@${THREADS}`] : [];
      if (b === 'wasm' && THREADS > 1 && !flag('no-replicas')) threaded.push(`replicas@${THREADS}`);
      // …and once without Model Lab's SIMD kernels, to show what they bring in the same run; and PyTorch
      // at 1 and 2 threads between them, so each repeat's ratio compares runs minutes apart at most.
      const nosimd = synthetic.includes(w) && !flag('no-nosimd') ? ['nosimd'] : [];
      const pytorch = b === 'wasm' && withTorch && synthetic.includes(w) ? ['torch@1', 'torch@2'] : [];
      const modes = b === 'wasm' ? ['noprobes', ...pytorch, 'probes', 'fit', ...nosimd, ...threaded] : ['noprobes'];
      const steps = stepsFor(w, b);
      rows.push(...measure(w, b, modes, steps));
      if (b === 'wasm') {
        // The probes' cost again, and the loop against model.fit, as two jobs taking turns step by step
        // in one process (see turns.ts).
        // Twice the steps: a few percent is the figure, and the turns' spread falls with their number.
        const res = worker({ workload: w, backend: b, mode: 'interleaved', steps: 2 * steps, warmup: WARMUP });
        interleavedProbes.set(w, res);
        process.stderr.write(res.error ? `  ${w}/wasm/interleaved: ERROR ${String(res.error).split('\n')[0]}\n` : `  ${w}/wasm/interleaved: probes cost ${((res.probeCost as number) * 100).toFixed(1)}%\n`);
        const fitRes = worker({ workload: w, backend: b, mode: 'interleaved-fit', steps: 2 * steps, warmup: WARMUP });
        interleavedFit.set(w, fitRes);
        process.stderr.write(fitRes.error ? `  ${w}/wasm/interleaved-fit: ERROR ${String(fitRes.error).split('\n')[0]}\n` : `  ${w}/wasm/interleaved-fit: loop/fit ${(fitRes.loopOverFit as number).toFixed(2)}×\n`);
      }
    }
  }
  process.stderr.write('  digits-cnn sample, full run (peak RSS)…\n');
  const rss = flag('no-rss') ? { skipped: '--no-rss' } : sampleRss();
  const leakResult = flag('leak') ? (process.stderr.write('  leak check, 10,000 steps…\n'), leak()) : { skipped: 'pass --leak (about 80 s)' };

  const get = (w: string, b: string, m: string) => rows.find((r) => r.workload === w && r.backend === b && r.mode === m);
  console.log('\nThroughput (samples/s, medians; Model Lab loop, probes off; ratio = Model Lab / PyTorch CPU, the median of the repeats\' side-by-side ratios)');
  console.log(`${'workload'.padEnd(11)}${'backend'.padEnd(8)}${'threads'.padStart(8)}${'replicas'.padStart(9)}${'samples/s'.padStart(11)}${'ms/step'.padStart(9)}${'torch 1T'.padStart(10)}${'ratio'.padStart(8)}${'torch 2T'.padStart(10)}${'ratio'.padStart(8)}`);
  for (const r of rows.filter((x) => x.mode.startsWith('noprobes') || x.mode.startsWith('replicas') || x.mode === 'nosimd')) {
    const t1 = get(r.workload, 'pytorch', 'torch@1');
    const t2 = get(r.workload, 'pytorch', 'torch@2');
    const backendLabel = r.mode === 'nosimd' ? `${r.backend}*` : r.backend;
    console.log(`${r.workload.padEnd(11)}${backendLabel.padEnd(8)}${String(r.threads).padStart(8)}${String(r.replicas).padStart(9)}${fmt(r.samplesPerSecond).padStart(11)}${fmt(r.msPerStep, 1).padStart(9)}${fmt(t1?.samplesPerSecond).padStart(10)}${times(pairedRatio(r, t1)).padStart(8)}${fmt(t2?.samplesPerSecond).padStart(10)}${times(pairedRatio(r, t2)).padStart(8)}${r.error ? '  ERROR ' + r.error.split('\n')[0].slice(0, 120) : ''}`);
  }
  if (!torchInfo || 'skipped' in torchInfo) console.log(`PyTorch skipped: ${torchInfo?.skipped ?? 'no synthetic workload'}`);
  else {
    if (/(^|[\/ ])blas\/libblas/.test(torchInfo.blas)) console.log(`WARNING: PyTorch uses the reference BLAS (${torchInfo.blas}), several times slower than OpenBLAS for its matrix products: the ratios flatter Model Lab. Install libopenblas0-pthread (Debian) for a fair baseline.`);
    console.log(`PyTorch ${torchInfo.version} (BLAS: ${torchInfo.blas}): default threads = ${torchInfo.defaultThreads}; "2T" = torch.set_num_threads(2). Model Lab: wasm 1 thread = the default single-threaded build; wasm ${THREADS} threads = the multi-threaded build (MODELLAB_WASM_THREADS=${THREADS}); ${THREADS} replicas = each batch split across ${THREADS} data-parallel replicas on the single-threaded build, one thread each (MODELLAB_REPLICAS=${THREADS}); cpu = single-threaded JS; wasm* = wasm 1 thread without Model Lab's SIMD kernels (MODELLAB_SIMD=0: tfjs' matrix product and Adam kernels, the LSTM's JS loop). Compare each row with PyTorch at its own thread count.`);
  }

  console.log('\nOverheads on wasm (samples/s)');
  console.log(`${'workload'.padEnd(11)}${'probes off'.padStart(11)}${'probes on'.padStart(11)}${'interval'.padStart(9)}${'on cost'.padStart(9)}${'turns'.padStart(8)}${'in-run'.padStart(8)}${'model.fit'.padStart(11)}${'loop/fit'.padStart(10)}${'turns'.padStart(8)}`);
  const overheads: Record<string, unknown>[] = [];
  for (const w of [...synthetic, ...samples]) {
    const off = get(w, 'wasm', 'noprobes');
    const on = get(w, 'wasm', 'probes');
    const fit = get(w, 'wasm', 'fit');
    if (!off || !on || !fit) continue;
    // Paired by repeat, like the PyTorch ratios.
    const cost = pairedRatio(off, on)! - 1;
    const loopOverFit = pairedRatio(off, fit)!;
    const turns = interleavedProbes.get(w);
    const turnsCost = turns && !turns.error ? (turns.probeCost as number) : NaN;
    const fitTurns = interleavedFit.get(w);
    const loopOverFitTurns = fitTurns && !fitTurns.error ? (fitTurns.loopOverFit as number) : NaN;
    console.log(`${w.padEnd(11)}${fmt(off.samplesPerSecond).padStart(11)}${fmt(on.samplesPerSecond).padStart(11)}${String(on.probeInterval).padStart(9)}${(fmt(cost * 100, 1) + '%').padStart(9)}${(fmt(turnsCost * 100, 1) + '%').padStart(8)}${(fmt((on.diagnosticsCost ?? NaN) * 100, 1) + '%').padStart(8)}${fmt(fit.samplesPerSecond).padStart(11)}${times(loopOverFit).padStart(10)}${(Number.isNaN(loopOverFitTurns) ? '—' : times(loopOverFitTurns)).padStart(8)}`);
    overheads.push({ workload: w, probesOff: off.samplesPerSecond, probesOn: on.samplesPerSecond, probeInterval: on.probeInterval, probeCost: cost, probeCostInterleaved: turnsCost, interleaved: turns, probeCostInRun: on.diagnosticsCost, modelFit: fit.samplesPerSecond, loopOverFit, loopOverFitTurns, interleavedFit: fitTurns });
  }
  console.log(`"on cost": extra training time with probes at the default interval (≈4 per epoch, fewer where they would take over 3%; here an epoch is a run's ${WARMUP} warm-up and measured steps: ${[...new Set(rows.filter((r) => r.mode === 'probes').map((r) => `${r.workload} ${r.steps}`))].join(', ')}), from separate processes. Targets: ≤ 10%, loop/fit ≥ 0.95×.`);
  console.log(`"turns": the same cost, and loop/fit, from two jobs taking turns step by step in one process (probes on and off; the loop and model.fit yielding every batch), each timed over its own turns (twice the steps above), which cancels the drift between processes and within one (the method with both loops probes off: within ±3%).`);
  console.log(`"in-run": the same cost timed inside the probes-on runs (probes, step statistics, diagnostics rules at steps, probes and epoch ends: their time over the rest of the window), which no drift touches; it leaves out what probes on costs the steps themselves (the Adam pass's sums, caches).`);
  if ('peakRssMiB' in rss) console.log(`\nPeak RSS, full run of the digits-cnn sample on wasm: ${fmt(rss.peakRssMiB as number)} MiB (${rss.status}, ${rss.epochs} epochs, ${fmt(rss.samplesPerSecond as number)} samples/s, val accuracy ${fmt(rss.valAccuracy as number, 3)}, ${fmt(rss.wallSeconds as number, 1)} s wall)`);
  if ('flat' in leakResult) console.log(`Tensor count over ${leakResult.steps} steps (tiny model, probes on, wasm): ${leakResult.first} → ${leakResult.last}, ${leakResult.flat ? 'flat' : 'NOT FLAT'}`);

  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  const out = path.join(__dirname, 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, steps: STEPS, minSeconds: MIN_SECONDS, warmup: WARMUP, repeats: REPEATS, modelLabThreads: { default: 1, threadedRows: THREADS }, rows, torch: torchInfo, overheads, sampleRss: rss, leak: leakResult }, null, 2));
  console.log(`\nreport: ${path.relative(process.cwd(), out)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

main();
