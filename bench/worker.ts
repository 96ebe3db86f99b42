// One measurement in a fresh process (so backends, JIT and memory do not carry over between them):
//   node --import tsx bench/worker.ts '{"workload":"cnn","backend":"wasm","mode":"probes","steps":60,"warmup":10}'
// mode: 'probes' (Model Lab's TrainingLoop with probes at the default interval and the diagnostics
// monitor, as a run has them), 'noprobes' (the loop, probes off), 'fit' (plain model.fit, same model,
// same optimizer, same backend, same validation split), 'interleaved' (probes on and off as two loops
// taking turns step by step in this one process: the drift between processes, which on a shared VM is
// larger than the probes' cost, cancels; see inProcess.ts), 'interleaved-fit' (the loop, probes off,
// and model.fit taking turns). `replicas: N` (N > 1) splits each batch across N data-parallel
// replicas (the loop and N − 1 worker threads, which set the model up from its file). Throughput is wall-clock from the end of batch `warmup` to the end of
// the last batch, so it includes everything the loop does between steps (probes, events, yields).
// Prints one JSON line.
// First: tfjs keeps the setImmediate it finds when it loads (see turns.ts).
import './turns';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, ensureTrainable } from '../src/engine/backend/select';
import { createRng } from '../src/engine/data/rng';
import { probeSettings } from '../src/engine/diagnostics/session';
import { loadModelFile, selectExperiment } from '../src/engine/loader/evaluate';
import { stepsPerEpoch } from '../src/engine/train/batches';
import type { TrainingLoop } from '../src/engine/train/loop';
import type { TrainingSetup } from '../src/engine/train/setup';
import { setUpFromFile, type SetUpRequest } from '../src/engine/train/setUpFromFile';
import { trainableVariables } from '../src/engine/train/batchGradients';
import { ReplicaPool } from '../src/engine/train/replicas/replicaPool';
import type { BackendInfo } from '../src/protocol/events';
import { SAMPLE_FILES, WORKLOADS, sampleWorkload } from './workloads';
import { BatchClock, fitFor, newLoop, setUpWorkload, type Job } from './benchLoop';
import { interleaved, interleavedFit } from './inProcess';

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
    if (job.mode === 'interleaved-fit') return interleavedFit(job, workload, await ensureTrainable(backend, () => undefined));
    if (job.mode === 'interleaved') return interleaved(job, workload, await ensureTrainable(backend, () => undefined));
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
main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: err instanceof Error ? err.stack : String(err) }) + '\n');
  process.exit(1);
});
