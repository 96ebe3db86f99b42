// One measurement in a fresh process (so backends, JIT and memory do not carry over between them):
//   node --import tsx bench/worker.ts '{"workload":"cnn","backend":"wasm","mode":"probes","steps":60,"warmup":10}'
// mode: 'probes' (Model Lab's TrainingLoop with probes at the default interval and the diagnostics
// monitor, as a run has them), 'noprobes' (the loop, probes off), 'fit' (plain model.fit, same model,
// same optimizer, same backend, same validation split), 'paired' (probes on and off in alternating windows of this one process,
// `pairs` of each in the order on, off, off, on, …: the drift between processes, which on a shared VM
// is larger than the probes' cost, cancels), 'paired-fit' (the loop, probes off, against model.fit in
// the same alternating windows), 'interleaved' (probes on and off as two loops taking turns step by
// step: see interleaved()). `replicas: N` (N > 1) splits each batch across N data-parallel
// replicas (the loop and N − 1 worker threads, which set the model up from its file). Throughput is wall-clock from the end of batch `warmup` to the end of
// the last batch, so it includes everything the loop does between steps (probes, events, yields).
// Prints one JSON line.
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, ensureTrainable } from '../src/engine/backend/select';
import { createRng } from '../src/engine/data/rng';
import type { TrainingEvent } from '../src/engine/events';
import { createMonitor, emptyTrace, probeSettings } from '../src/engine/diagnostics/session';
import { loadModelFile, selectExperiment } from '../src/engine/loader/evaluate';
import { stepsPerEpoch } from '../src/engine/train/batches';
import { TrainingLoop } from '../src/engine/train/loop';
import { createSetup, type TrainingSetup } from '../src/engine/train/setup';
import { setUpFromFile, type SetUpRequest } from '../src/engine/train/setUpFromFile';
import { trainableVariables } from '../src/engine/train/batchGradients';
import { ReplicaPool } from '../src/engine/train/replicas/replicaPool';
import type { BackendInfo } from '../src/engine/events';
import { SAMPLE_FILES, WORKLOADS, sampleWorkload, type Workload } from './workloads';
import { median } from './median';

interface Job {
  workload: string;
  backend: 'wasm' | 'cpu';
  mode: 'probes' | 'noprobes' | 'fit' | 'paired' | 'paired-fit' | 'interleaved';
  /** 'paired': windows of each kind; default 3. */
  pairs?: number;
  steps: number;
  warmup: number;
  /** wasm threads (the multi-threaded build, see src/engine/backend/wasmThreads.ts); default 1. */
  threads?: number;
  /** Data-parallel replicas (see src/engine/train/replicas/); default 1. */
  replicas?: number;
  /** false: without Model Lab's SIMD kernels (MODELLAB_SIMD=0), tfjs' own and the JS loops instead. */
  simd?: boolean;
  /** 'interleaved': both loops with probes off (the method's own bias). */
  control?: boolean;
  /** Sample the tensor count every this many steps (leak check); 0 = never. */
  tensorEvery?: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const total = job.steps + job.warmup;
  let workload = WORKLOADS.find((w) => w.name === job.workload);
  if (!workload) {
    const file = SAMPLE_FILES[job.workload];
    if (!file) throw new Error(`unknown workload ${job.workload}`);
    const loaded = await loadModelFile(path.resolve(__dirname, '..', file));
    workload = sampleWorkload(job.workload, selectExperiment(loaded, undefined).experiment);
  }
  if (job.threads && job.threads > 1) process.env.MODELLAB_WASM_THREADS = String(job.threads);
  if (job.simd === false) process.env.MODELLAB_SIMD = '0';
  let backend: BackendInfo;
  let setup: TrainingSetup;
  let pool: ReplicaPool | undefined;
  if (job.replicas && job.replicas > 1) {
    // Replicas set up from a file: the synthetic workloads' model file, or the sample's.
    process.env.BENCH_STEPS = String(total);
    const sample = SAMPLE_FILES[job.workload];
    const request: SetUpRequest = { file: sample ? path.resolve(__dirname, '..', sample) : path.join(__dirname, 'workloads.model.ts'), experiment: sample ? undefined : job.workload, backend: job.backend, cores: 1, epochs: sample ? 1000 : undefined };
    ({ setup, backend } = await setUpFromFile(request));
    pool = await ReplicaPool.start(request, job.replicas, trainableVariables(setup));
    backend = { ...backend, replicas: job.replicas };
  } else {
    backend = await selectBackend(job.backend);
    Math.random = createRng(1);
    if (job.mode === 'interleaved') return interleaved(job, workload, await ensureTrainable(backend, () => undefined));
    if (job.mode === 'paired' || job.mode === 'paired-fit') return paired(job, workload, await ensureTrainable(backend, () => undefined));
    setup = await setUpWorkload(workload, total, job.mode === 'probes');
    backend = await ensureTrainable(backend, () => undefined);
  }
  const perEpoch = stepsPerEpoch(setup.data.train.count, setup.batchSize);
  const tensors: number[] = [];
  const probes = probeSettings(setup, perEpoch);
  let loop: TrainingLoop | undefined;
  const clock = new BatchClock(() => loop);
  const onBatch = () => {
    const done = clock.batchEnded();
    if (job.tensorEvery && done % job.tensorEvery === 0) tensors.push(tf.memory().numTensors);
  };
  const t0 = performance.now();
  if (job.mode === 'fit') {
    await fitFor(setup, total, onBatch)();
  } else {
    loop = newLoop(setup, job.mode === 'probes', perEpoch, onBatch, () => clock.batches >= total, pool);
    await loop.run();
    await pool?.dispose();
  }
  const measured = Math.min(job.steps, clock.batches - job.warmup);
  const { seconds, diagnosticsSeconds } = clock.window(job.warmup, measured);
  const result = {
    ...job,
    backendUsed: backend.name,
    threads: backend.threads ?? 1,
    replicas: backend.replicas ?? 1,
    batchSize: setup.batchSize,
    probeInterval: job.mode === 'probes' ? probes.interval : 0,
    stepsMeasured: measured,
    samplesPerSecond: (measured * setup.batchSize) / seconds,
    msPerStep: (seconds * 1000) / measured,
    // With probes on: the diagnostics' cost measured inside this run, against the training time without them.
    diagnosticsCost: job.mode === 'probes' ? diagnosticsSeconds / (seconds - diagnosticsSeconds) : undefined,
    totalSeconds: (performance.now() - t0) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    tensors,
    numTensorsEnd: tf.memory().numTensors,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** Each batch's end, and the loop's diagnostics time then (probes mode), for a measured window's share. */
class BatchClock {
  private readonly stamps: number[] = [];
  private readonly diagnostics: number[] = [];
  constructor(private readonly loop: () => TrainingLoop | undefined) {}

  get batches(): number {
    return this.stamps.length;
  }

  /** Records a batch's end; returns how many have ended. */
  batchEnded(): number {
    this.stamps.push(performance.now());
    this.diagnostics.push(this.loop()?.diagnosticsSeconds ?? 0);
    return this.stamps.length;
  }

  /** From the end of batch `warmup` to the end of `measured` batches later. */
  window(warmup: number, measured: number): { seconds: number; diagnosticsSeconds: number } {
    const last = warmup + measured - 1;
    // A probe runs after its step's batch event: the window's diagnostics count up to its last step's.
    return { seconds: (this.stamps[last] - this.stamps[warmup - 1]) / 1000, diagnosticsSeconds: this.diagnostics[last] - this.diagnostics[warmup - 1] };
  }
}

/**
 * Plain model.fit on the setup's model (compiled here with its optimizer, loss and metrics) over the
 * first `total` batches' rows, with the same validation split the loop evaluates at every epoch's end
 * (the digits samples: 360 rows after every 36 steps). Returns a function that runs it once.
 */
function fitFor(setup: TrainingSetup, total: number, onBatch: () => void): () => Promise<unknown> {
  const model = setup.model;
  model.compile({ optimizer: setup.optimizer.optimizer, loss: setup.loss as never, metrics: setup.metricNames.length ? (setup.metricNames as string[]) : undefined });
  const n = Math.min(setup.data.train.count, total * setup.batchSize);
  const yWidth = setup.data.train.y.length / setup.data.train.count;
  const x = tf.tensor(setup.data.train.x.subarray(0, n * sizeOf(setup.data.featureShape)), [n, ...setup.data.featureShape]);
  const y = tf.tensor(setup.data.train.y.subarray(0, n * yWidth), [n, yWidth]);
  const epochs = Math.ceil(total / Math.ceil(n / setup.batchSize));
  const val = setup.data.validation;
  const validationData = val && val.count > 0 ? ([tf.tensor(val.x, [val.count, ...setup.data.featureShape]), tf.tensor(val.y, [val.count, yWidth])] as [tf.Tensor, tf.Tensor]) : undefined;
  return () => model.fit(x, y, { batchSize: setup.batchSize, epochs, shuffle: true, verbose: 0, validationData, callbacks: { onBatchEnd: async () => onBatch() } });
}

/** The workload's setup, with enough epochs for `total` steps. */
async function setUpWorkload(workload: Workload, total: number, probesOn: boolean): Promise<TrainingSetup> {
  const exp = workload.experiment(total, probesOn);
  const setup = await createSetup(exp);
  const perEpoch = stepsPerEpoch(setup.data.train.count, setup.batchSize);
  if (perEpoch >= total) return setup;
  setup.model.dispose();
  return createSetup(exp, { epochs: Math.ceil(total / perEpoch) });
}

/** A training loop as a run has it: probes at the default interval and the diagnostics monitor, or probes off. */
function newLoop(setup: TrainingSetup, probesOn: boolean, perEpoch: number, onBatch: () => void, finished: () => boolean, pool?: ReplicaPool, interleaving?: { onResume(): void; clock(): number }): TrainingLoop {
  let stop = false;
  const monitor = probesOn ? createMonitor(setup, emptyTrace(setup, perEpoch), () => undefined, false, interleaving?.clock) : undefined;
  return new TrainingLoop(
    setup,
    createRng(2),
    {
      emit: (e: TrainingEvent) => {
        JSON.stringify(e); // a run serializes every event (run file + IPC)
        if (e.type === 'batch') {
          onBatch();
          if (finished()) stop = true;
        }
      },
      // Asked first thing at every step: where the loop resumes after yielding to the event loop.
      isCancelled: () => (interleaving?.onResume(), stop),
      saveModel: async () => undefined,
    },
    probesOn ? probeSettings(setup, perEpoch) : { interval: 0, batchSize: 0, histograms: false },
    monitor,
    pool,
  );
}

/** One measured window: samples/s, and with probes on the in-run diagnostics' share. */
type Window = { kind: 'a' | 'b'; samplesPerSecond: number; diagnosticsCost?: number };

/**
 * Two kinds of window alternating in one process (a, b, b, a, a, b, … after one uncounted window of
 * each: the JIT's warm-up would land on whichever came first), so that the drift between processes,
 * which on a shared VM is larger than what is measured, cancels. Returns the counted windows and the
 * median over pairs of b/a samples/s.
 */
async function alternate(pairs: number, run: (kind: 'a' | 'b') => Promise<Window>): Promise<{ windows: Window[]; aOverB: number }> {
  const windows: Window[] = [];
  for (let i = -2; i < 2 * pairs; i++) {
    const kind = (i < 0 ? i === -2 : i % 4 === 0 || i % 4 === 3) ? 'a' : 'b';
    const w = await run(kind);
    if (i >= 0) windows.push(w);
  }
  const as = windows.filter((w) => w.kind === 'a');
  const bs = windows.filter((w) => w.kind === 'b');
  return { windows, aOverB: median(as.map((w, i) => w.samplesPerSecond / bs[i].samplesPerSecond)) };
}

/** The loop over `setup` for the job's steps, as one window. */
async function loopWindow(job: Job, setup: TrainingSetup, probesOn: boolean, kind: 'a' | 'b'): Promise<Window> {
  const total = job.steps + job.warmup;
  const perEpoch = stepsPerEpoch(setup.data.train.count, setup.batchSize);
  let loop: TrainingLoop | undefined = undefined;
  const clock = new BatchClock(() => loop);
  loop = newLoop(setup, probesOn, perEpoch, () => clock.batchEnded(), () => clock.batches >= total);
  await loop.run();
  const { seconds, diagnosticsSeconds } = clock.window(job.warmup, job.steps);
  return { kind, samplesPerSecond: (job.steps * setup.batchSize) / seconds, diagnosticsCost: probesOn ? diagnosticsSeconds / (seconds - diagnosticsSeconds) : undefined };
}

/**
 * 'paired': probes off (a) against on (b), each window a new loop (a new run's probes, monitor and
 * trace) over one of two setups built once; the probes' cost is the median of off/on − 1.
 * 'paired-fit': the loop with probes off (a) against model.fit (b) on a second setup, compiled once;
 * loopOverFit is the median of loop/fit.
 */
async function paired(job: Job, workload: Workload, backend: BackendInfo): Promise<void> {
  const total = job.steps + job.warmup;
  const pairs = job.pairs ?? 3;
  const fitMode = job.mode === 'paired-fit';
  const setups = { a: await setUpWorkload(workload, total, false), b: await setUpWorkload(workload, total, !fitMode) };
  const perEpoch = stepsPerEpoch(setups.a.data.train.count, setups.a.batchSize);
  let fitClock = new BatchClock(() => undefined);
  const fit = fitMode ? fitFor(setups.b, total, () => fitClock.batchEnded()) : undefined;
  const { windows, aOverB } = await alternate(pairs, async (kind) => {
    if (kind === 'a') return loopWindow(job, setups.a, false, kind);
    if (!fit) return loopWindow(job, setups.b, true, kind);
    fitClock = new BatchClock(() => undefined);
    await fit();
    const { seconds } = fitClock.window(job.warmup, job.steps);
    return { kind, samplesPerSecond: (job.steps * setups.b.batchSize) / seconds };
  });
  const median_ = (kind: 'a' | 'b') => median(windows.filter((w) => w.kind === kind).map((w) => w.samplesPerSecond));
  const common = { ...job, backendUsed: backend.name, threads: backend.threads ?? 1, replicas: 1, batchSize: setups.a.batchSize, windows, numTensorsEnd: tf.memory().numTensors };
  const result = fitMode
    ? { ...common, loop: median_('a'), fit: median_('b'), loopOverFit: aOverB }
    : {
        ...common,
        probeInterval: probeSettings(setups.b, perEpoch).interval,
        probesOff: median_('a'),
        probesOn: median_('b'),
        probeCost: aOverB - 1,
        diagnosticsCost: median(windows.filter((w) => w.kind === 'b').map((w) => w.diagnosticsCost!)),
      };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * 'interleaved': probes off and on as two loops in this one process at once, step by step (each loop
 * yields to the event loop after every step, setImmediate, so they take turns). Each loop's time is
 * the sum of its turns, from where it resumes (its isCancelled check) to where it yields: a step and
 * everything the loop does after it (events, probes, epoch ends). Turns a millisecond apart share the
 * machine's state, so the drift that windows seconds apart see cancels: on this VM the probes' cost
 * comes out within ±2% between runs, where separate processes scatter by ±20%. Only turns after both
 * loops' warm-up count. `control: true` runs both loops with probes off: the method's own bias, ~0.
 */
async function interleaved(job: Job, workload: Workload, backend: BackendInfo): Promise<void> {
  const total = job.steps + job.warmup;
  const probesOn = !job.control;
  const setups = { off: await setUpWorkload(workload, total, false), on: await setUpWorkload(workload, total, probesOn) };
  const perEpoch = stepsPerEpoch(setups.on.data.train.count, setups.on.batchSize);
  const state = { off: { batches: 0, ownMs: 0, countedMs: 0, turns: 0 }, on: { batches: 0, ownMs: 0, countedMs: 0, turns: 0 } };
  const warm = () => state.off.batches >= job.warmup && state.on.batches >= job.warmup;
  let current: 'off' | 'on' | undefined;
  let resumedAt = 0;
  // A turn ends where its loop yields: the event loop's own round between turns would otherwise fall
  // to whichever loop resumes after it (measured: 10% on the digits MLP's 0.6 ms steps, both loops alike).
  let yieldedAt = 0;
  const realSetImmediate = global.setImmediate;
  global.setImmediate = ((callback: (...args: unknown[]) => void, ...args: unknown[]) => {
    yieldedAt = performance.now();
    return realSetImmediate(callback, ...args);
  }) as typeof setImmediate;
  let onLoop: TrainingLoop | undefined;
  let diagnosticsAtWarm: number | undefined;
  const resume = (kind: 'off' | 'on') => {
    if (current === kind) return;
    if (current) {
      const turn = state[current];
      turn.ownMs += yieldedAt - resumedAt;
      if (warm() && turn.batches < total) {
        turn.countedMs += yieldedAt - resumedAt;
        turn.turns++;
      }
    }
    if (kind === 'on' && diagnosticsAtWarm === undefined && warm()) diagnosticsAtWarm = onLoop!.diagnosticsSeconds;
    current = kind;
    resumedAt = performance.now();
  };
  // The rules space their evaluations by the run's time: here the probes-on loop's own, as in a run alone.
  const onClock = () => state.on.ownMs + (current === 'on' ? performance.now() - resumedAt : 0);
  const loops = (['off', 'on'] as const).map((kind) => {
    const loop = newLoop(setups[kind], kind === 'on' && probesOn, perEpoch, () => state[kind].batches++, () => state[kind].batches >= total, undefined, { onResume: () => resume(kind), clock: onClock });
    if (kind === 'on') onLoop = loop;
    return loop;
  });
  try {
    await Promise.all(loops.map((l) => l.run()));
  } finally {
    global.setImmediate = realSetImmediate;
  }
  const { off, on } = state;
  const diagnosticsMs = (onLoop!.diagnosticsSeconds - (diagnosticsAtWarm ?? 0)) * 1000;
  const batchSize = setups.on.batchSize;
  const result = {
    ...job,
    backendUsed: backend.name,
    threads: backend.threads ?? 1,
    replicas: 1,
    batchSize,
    probeInterval: probesOn ? probeSettings(setups.on, perEpoch).interval : 0,
    turns: { off: off.turns, on: on.turns },
    probesOff: (off.turns * batchSize) / (off.countedMs / 1000),
    probesOn: (on.turns * batchSize) / (on.countedMs / 1000),
    probeCost: on.countedMs / on.turns / (off.countedMs / off.turns) - 1,
    // Timed inside the probes-on loop, over the same turns (a probe runs before its turn's yield).
    diagnosticsCost: diagnosticsMs / (on.countedMs - diagnosticsMs),
    numTensorsEnd: tf.memory().numTensors,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: err instanceof Error ? err.stack : String(err) }) + '\n');
  process.exit(1);
});
