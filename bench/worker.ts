// One measurement in a fresh process (so backends, JIT and memory do not carry over between them):
//   node --import tsx bench/worker.ts '{"workload":"cnn","backend":"wasm","mode":"probes","steps":60,"warmup":10}'
// mode: 'probes' (Model Lab's TrainingLoop with probes at the default interval and the diagnostics
// monitor, as a run has them), 'noprobes' (the loop, probes off), 'fit' (plain model.fit, same model,
// same optimizer, same backend, same validation split), 'paired' (probes on and off in alternating windows of this one process,
// `pairs` of each in the order on, off, off, on, …: the drift between processes, which on a shared VM
// is larger than the probes' cost, cancels). `replicas: N` (N > 1) splits each batch across N data-parallel
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
  mode: 'probes' | 'noprobes' | 'fit' | 'paired';
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
    if (job.mode === 'paired') return paired(job, workload, await ensureTrainable(backend, () => undefined));
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
    const model = setup.model;
    model.compile({ optimizer: setup.optimizer.optimizer, loss: setup.loss as never, metrics: setup.metricNames.length ? (setup.metricNames as string[]) : undefined });
    const n = Math.min(setup.data.train.count, total * setup.batchSize);
    const x = tf.tensor(setup.data.train.x.subarray(0, n * sizeOf(setup.data.featureShape)), [n, ...setup.data.featureShape]);
    const y = tf.tensor(setup.data.train.y.subarray(0, n * (setup.data.train.y.length / setup.data.train.count)), [n, setup.data.train.y.length / setup.data.train.count]);
    const epochs = Math.ceil(total / Math.ceil(n / setup.batchSize));
    // The validation split too, as the loop evaluates it at every epoch's end (the digits samples:
    // 360 rows after every 36 steps).
    const val = setup.data.validation;
    const validationData = val && val.count > 0 ? ([tf.tensor(val.x, [val.count, ...setup.data.featureShape]), tf.tensor(val.y, [val.count, val.y.length / val.count])] as [tf.Tensor, tf.Tensor]) : undefined;
    await model.fit(x, y, { batchSize: setup.batchSize, epochs, shuffle: true, verbose: 0, validationData, callbacks: { onBatchEnd: async () => onBatch() } });
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
function newLoop(setup: TrainingSetup, probesOn: boolean, perEpoch: number, onBatch: () => void, finished: () => boolean, pool?: ReplicaPool): TrainingLoop {
  let stop = false;
  const monitor = probesOn ? createMonitor(setup, emptyTrace(setup, perEpoch), () => undefined, false) : undefined;
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
      isCancelled: () => stop,
      saveModel: async () => undefined,
    },
    probesOn ? probeSettings(setup, perEpoch) : { interval: 0, batchSize: 0, histograms: false },
    monitor,
    pool,
  );
}

/**
 * Probes on and off in alternating windows of one process (on, off, off, on, …, after one uncounted
 * window of each), each a new loop (a new run's probes, monitor and trace) over one of two setups built
 * once. Samples/s per window, and the probes' cost as the median over pairs of off/on − 1.
 */
async function paired(job: Job, workload: Workload, backend: BackendInfo): Promise<void> {
  const total = job.steps + job.warmup;
  const pairs = job.pairs ?? 3;
  const setups = { on: await setUpWorkload(workload, total, true), off: await setUpWorkload(workload, total, false) };
  const perEpoch = stepsPerEpoch(setups.on.data.train.count, setups.on.batchSize);
  const windows: Array<{ on: boolean; samplesPerSecond: number; diagnosticsCost?: number }> = [];
  // A first window of each kind, not counted: the JIT's warm-up would land on whichever came first.
  for (let i = -2; i < 2 * pairs; i++) {
    const on = i < 0 ? i === -2 : i % 4 === 0 || i % 4 === 3;
    const setup = on ? setups.on : setups.off;
    let loop: TrainingLoop | undefined = undefined;
    const clock = new BatchClock(() => loop);
    loop = newLoop(setup, on, perEpoch, () => clock.batchEnded(), () => clock.batches >= total);
    await loop.run();
    const { seconds, diagnosticsSeconds } = clock.window(job.warmup, job.steps);
    if (i >= 0) windows.push({ on, samplesPerSecond: (job.steps * setup.batchSize) / seconds, diagnosticsCost: on ? diagnosticsSeconds / (seconds - diagnosticsSeconds) : undefined });
  }
  const ons = windows.filter((w) => w.on);
  const offs = windows.filter((w) => !w.on);
  const costs = ons.map((w, i) => offs[i].samplesPerSecond / w.samplesPerSecond - 1);
  const result = {
    ...job,
    backendUsed: backend.name,
    threads: backend.threads ?? 1,
    replicas: 1,
    batchSize: setups.on.batchSize,
    probeInterval: probeSettings(setups.on, perEpoch).interval,
    windows,
    probesOn: median(ons.map((w) => w.samplesPerSecond)),
    probesOff: median(offs.map((w) => w.samplesPerSecond)),
    probeCost: median(costs),
    diagnosticsCost: median(ons.map((w) => w.diagnosticsCost!)),
    numTensorsEnd: tf.memory().numTensors,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: err instanceof Error ? err.stack : String(err) }) + '\n');
  process.exit(1);
});
