// What the bench's measurements are made of (bench/worker.ts, bench/inProcess.ts): the job a worker is
// given, the workload's setup, a training loop as a run has it, plain model.fit, and a clock over batches.
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../src/engine/data/rng';
import type { TrainingEvent } from '../src/protocol/events';
import { createMonitor, emptyTrace, probeSettings } from '../src/engine/diagnostics/session';
import { stepsPerEpoch } from '../src/engine/train/batches';
import { TrainingLoop } from '../src/engine/train/loop';
import { createSetup, type TrainingSetup } from '../src/engine/train/setup';
import type { ReplicaPool } from '../src/engine/train/replicas/replicaPool';
import type { Workload } from './workloads';

export interface Job {
  workload: string;
  backend: 'wasm' | 'cpu';
  mode: 'probes' | 'noprobes' | 'fit' | 'interleaved' | 'interleaved-fit';
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

/** Each batch's end, and the loop's diagnostics time then (probes mode), for a measured window's share. */
export class BatchClock {
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
export function fitFor(setup: TrainingSetup, total: number, onBatch: () => void, yieldEvery?: 'batch'): () => Promise<unknown> {
  const model = setup.model;
  model.compile({ optimizer: setup.optimizer.optimizer, loss: setup.loss as never, metrics: setup.metricNames.length ? (setup.metricNames as string[]) : undefined });
  const n = Math.min(setup.data.train.count, total * setup.batchSize);
  const yWidth = setup.data.train.y.length / setup.data.train.count;
  const x = tf.tensor(setup.data.train.x.subarray(0, n * sizeOf(setup.data.featureShape)), [n, ...setup.data.featureShape]);
  const y = tf.tensor(setup.data.train.y.subarray(0, n * yWidth), [n, yWidth]);
  const epochs = Math.ceil(total / Math.ceil(n / setup.batchSize));
  const val = setup.data.validation;
  const validationData = val && val.count > 0 ? ([tf.tensor(val.x, [val.count, ...setup.data.featureShape]), tf.tensor(val.y, [val.count, yWidth])] as [tf.Tensor, tf.Tensor]) : undefined;
  return () => model.fit(x, y, { batchSize: setup.batchSize, epochs, shuffle: true, verbose: 0, validationData, yieldEvery, callbacks: { onBatchEnd: async () => onBatch() } });
}

/** The workload's setup, with enough epochs for `total` steps. */
export async function setUpWorkload(workload: Workload, total: number, probesOn: boolean): Promise<TrainingSetup> {
  const exp = workload.experiment(total, probesOn);
  const setup = await createSetup(exp);
  const perEpoch = stepsPerEpoch(setup.data.train.count, setup.batchSize);
  if (perEpoch >= total) return setup;
  setup.model.dispose();
  return createSetup(exp, { epochs: Math.ceil(total / perEpoch) });
}
/**
 * A training loop as a run has it: probes at the default interval and the diagnostics monitor, or
 * probes off. `clock`: the run's own time, for the monitor (default performance.now).
 */
export function newLoop(setup: TrainingSetup, probesOn: boolean, perEpoch: number, onBatch: () => void, finished: () => boolean, pool?: ReplicaPool, clock?: () => number): TrainingLoop {
  let stop = false;
  const monitor = probesOn ? createMonitor(setup, emptyTrace(setup, perEpoch), () => undefined, false, clock) : undefined;
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
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

