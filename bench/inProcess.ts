// Measurements that compare two things in one process, where separate processes would measure the
// VM's drift between them: two jobs taking turns ('interleaved', 'interleaved-fit'; see turns.ts).
// (Alternating windows of a second or more each, tried first, scattered by ±20% here.)
import * as tf from '@tensorflow/tfjs';
import { probeSettings } from '../src/engine/diagnostics/session';
import type { BackendInfo } from '../src/protocol/events';
import { stepsPerEpoch } from '../src/engine/train/batches';
import type { TrainingLoop } from '../src/engine/train/loop';
import { fitFor, newLoop, setUpWorkload, type Job } from './benchLoop';
import { Turns } from './turns';
import type { Workload } from './workloads';

/**
 * 'interleaved': probes off and on as two loops taking turns step by step in this one process (see
 * turns.ts). Turns a millisecond apart share the machine's state, so the drift that windows seconds
 * apart see cancels: on this VM the probes' cost comes out within ±3% between runs, where separate
 * processes scatter by ±20%. Only turns after both loops' warm-up count. `control: true` runs both
 * loops with probes off: the method's own bias, ~0.
 */
export async function interleaved(job: Job, workload: Workload, backend: BackendInfo): Promise<void> {
  const total = job.steps + job.warmup;
  const probesOn = !job.control;
  const setups = { off: await setUpWorkload(workload, total, false), on: await setUpWorkload(workload, total, probesOn) };
  const perEpoch = stepsPerEpoch(setups.on.data.train.count, setups.on.batchSize);
  const batches = { off: 0, on: 0 };
  const warm = () => batches.off >= job.warmup && batches.on >= job.warmup;
  let onLoop: TrainingLoop | undefined;
  let diagnosticsAtWarm: number | undefined;
  const turns = new Turns(['off', 'on'] as const, (kind) => warm() && batches[kind] < total, (kind) => {
    if (kind === 'on' && diagnosticsAtWarm === undefined && warm()) diagnosticsAtWarm = onLoop!.diagnosticsSeconds;
  });
  // The rules space their evaluations by the run's time: here the probes-on loop's own, as in a run alone.
  const loops = {
    off: newLoop(setups.off, false, perEpoch, () => batches.off++, () => batches.off >= total),
    on: newLoop(setups.on, probesOn, perEpoch, () => batches.on++, () => batches.on >= total, undefined, () => turns.clock('on')),
  };
  onLoop = loops.on;
  await turns.run({ off: () => loops.off.run(), on: () => loops.on.run() });
  const diagnosticsMs = (onLoop.diagnosticsSeconds - (diagnosticsAtWarm ?? 0)) * 1000;
  const batchSize = setups.on.batchSize;
  const perTurn = (kind: 'off' | 'on') => turns.countedMs[kind] / turns.counted[kind];
  const result = {
    ...resultHead(job, backend, batchSize),
    probeInterval: probesOn ? probeSettings(setups.on, perEpoch).interval : 0,
    turns: turns.counted,
    probesOff: (batchSize * 1000) / perTurn('off'),
    probesOn: (batchSize * 1000) / perTurn('on'),
    probeCost: perTurn('on') / perTurn('off') - 1,
    // Timed inside the probes-on loop, over the same turns (a probe runs before its turn's yield).
    diagnosticsCost: diagnosticsMs / (turns.countedMs.on - diagnosticsMs),
    numTensorsEnd: tf.memory().numTensors,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/**
 * 'interleaved-fit': the loop (probes off) and model.fit taking turns step by step (fit yields after
 * every batch, yieldEvery 'batch', as the loop does), on two setups of the workload. loopOverFit is
 * the loop's samples/s over fit's, over the turns after both warm-ups.
 */
export async function interleavedFit(job: Job, workload: Workload, backend: BackendInfo): Promise<void> {
  const total = job.steps + job.warmup;
  const setups = { loop: await setUpWorkload(workload, total, false), fit: await setUpWorkload(workload, total, false) };
  const perEpoch = stepsPerEpoch(setups.loop.data.train.count, setups.loop.batchSize);
  const batches = { loop: 0, fit: 0 };
  const turns = new Turns(['loop', 'fit'] as const, (kind) => batches.loop >= job.warmup && batches.fit >= job.warmup && batches[kind] < total);
  const loop = newLoop(setups.loop, false, perEpoch, () => batches.loop++, () => batches.loop >= total);
  const fit = fitFor(setups.fit, total, () => batches.fit++, 'batch');
  await turns.run({ loop: () => loop.run(), fit });
  const batchSize = setups.loop.batchSize;
  const samplesPerSecond = (kind: 'loop' | 'fit') => (batchSize * 1000 * turns.counted[kind]) / turns.countedMs[kind];
  const result = {
    ...resultHead(job, backend, batchSize),
    turns: turns.counted,
    loop: samplesPerSecond('loop'),
    fit: samplesPerSecond('fit'),
    loopOverFit: samplesPerSecond('loop') / samplesPerSecond('fit'),
    numTensorsEnd: tf.memory().numTensors,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

/** What every in-process result starts with: the job, and what ran it. */
function resultHead(job: Job, backend: BackendInfo, batchSize: number) {
  return { ...job, backendUsed: backend.name, threads: backend.threads ?? 1, replicas: 1, batchSize };
}
