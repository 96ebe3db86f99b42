// The loop's side of data-parallel training: starts the replicas (worker threads), splits each batch
// into shards (the loop computes the first itself), averages the shards' gradients weighted by their
// rows, and hands every replica the update the loop applies, as it applies it. See protocol.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { packageRoot } from '../../../paths';
import type { ArraySplit } from '../../data/types';
import { gatherBatch } from '../batches';
import type { SetUpRequest } from '../setUpFromFile';
import type { TrainingSetup } from '../setup';
import type { FromReplica, ReplicaStart, ToReplica } from './protocol';
import { flattenGradients, shardGradients, unflattenGradients, weightsDigest } from './weights';

/** A replica thread: the bundle in a build; under tsx (tests, bench) the TypeScript source. */
function startReplicaThread(workerData: ReplicaStart): Worker {
  const env = { ...process.env };
  if (__filename.endsWith('.ts')) {
    // Workers do not inherit `--import tsx`'s loader hooks: the thread registers tsx's require hook itself.
    const source = path.join(__dirname, 'replicaWorker.ts');
    return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(source)});`, { eval: true, workerData, env });
  }
  const file = path.join(packageRoot(), 'dist', 'train-replica.js');
  if (!fs.existsSync(file)) throw new Error(`Model Lab is not built: ${file} is missing. Run \`npm run build\`.`);
  return new Worker(file, { workerData, env });
}

class Replica {
  private waiting: { resolve(m: FromReplica): void; reject(e: Error): void } | undefined;
  private failure: Error | undefined;

  constructor(readonly index: number, private readonly worker: Worker) {
    worker.on('message', (m: FromReplica) => {
      if (m.type === 'failed') return this.fail(new Error(`Data-parallel replica ${index} failed: ${m.message}`));
      const w = this.waiting;
      this.waiting = undefined;
      w?.resolve(m);
    });
    worker.on('error', (err) => this.fail(new Error(`Data-parallel replica ${index} failed: ${err.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`Data-parallel replica ${index} exited (code ${code})`)));
  }

  /** The next message from the replica. */
  next(): Promise<FromReplica> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  post(message: ToReplica): void {
    this.worker.postMessage(message);
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error(`Data-parallel replica ${this.index} was stopped`);
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.failure);
  }
}

export class ReplicaPool {
  /** The last averaged gradients, as tensors and as the flat array they were made from (sent as is when not clipped). */
  private averaged: { grads: tf.NamedTensorMap; flat: Float32Array } | undefined;

  private constructor(private readonly replicas: Replica[]) {}

  /** The number of shards a batch is split into (the loop's and the replicas'). */
  get size(): number {
    return this.replicas.length + 1;
  }

  /**
   * Starts `count - 1` replicas of the experiment `request` sets up, and checks that each built
   * exactly the loop's initial weights.
   */
  static async start(request: SetUpRequest, count: number, variables: tf.Variable[]): Promise<ReplicaPool> {
    const replicas = Array.from({ length: count - 1 }, (_, i) => new Replica(i + 1, startReplicaThread({ request, replica: i + 1 })));
    const pool = new ReplicaPool(replicas);
    try {
      const expected = weightsDigest(variables);
      for (const r of replicas) {
        const ready = await r.next();
        if (ready.type !== 'ready') throw new Error(`Data-parallel replica ${r.index}: expected 'ready', got '${ready.type}'`);
        if (ready.digest !== expected) throw new Error(`Data-parallel replica ${r.index} built different initial weights than the training loop (does the model file draw randomness outside Math.random?)`);
      }
    } catch (err) {
      await pool.dispose();
      throw err;
    }
    return pool;
  }

  /**
   * Loss, metrics and gradients of rows `order[start..end)` (or start..end without an order), each
   * shard on its own replica: the same numbers as one batch on one replica, up to rounding, for a
   * model without batch statistics or dropout. Batch normalization normalizes each shard by its own
   * statistics (as PyTorch's DistributedDataParallel does), and its moving averages are the loop's.
   */
  async batchGradients(setup: TrainingSetup, variables: tf.Variable[], split: ArraySplit, order: Uint32Array | null, start: number, end: number): Promise<{ grads: tf.NamedTensorMap; values: number[] }> {
    const shards = shardBounds(start, end, this.size);
    const rows = (from: number, to: number) => (order ? order.slice(from, to) : Uint32Array.from({ length: to - from }, (_, i) => from + i));
    const answers = Promise.all(
      this.replicas.map((r, i) => {
        const answer = r.next();
        r.post({ type: 'step', rows: rows(shards[i + 1], shards[i + 2]) });
        return answer;
      }),
    );
    // Awaited below; if the loop's own shard throws first, a replica's failure must not go unhandled.
    answers.catch(() => undefined);
    // Meanwhile, the loop's own shard.
    const batch = gatherBatch(split, setup.data, order, shards[0], shards[1]);
    let flat: Float32Array;
    let values: number[];
    try {
      ({ gradients: flat, values } = await shardGradients(setup, variables, batch));
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
    // Weighted by rows: the mean over the whole batch.
    const total = end - start;
    const ownShare = (shards[1] - shards[0]) / total;
    for (let i = 0; i < flat.length; i++) flat[i] *= ownShare;
    values = values.map((v) => v * ownShare);
    for (const answer of await answers) {
      if (answer.type !== 'gradients') throw new Error(`Data-parallel replica: expected gradients, got '${answer.type}'`);
      if (answer.count === 0) continue;
      const share = answer.count / total;
      const g = answer.gradients;
      for (let i = 0; i < flat.length; i++) flat[i] += share * g[i];
      answer.values.forEach((v, k) => (values[k] += share * v));
    }
    const grads = unflattenGradients(variables, flat);
    this.averaged = { grads, flat };
    return { grads, values };
  }

  /**
   * The update the loop applies this step (after clipping): sent before the loop applies it, so the
   * replicas apply theirs meanwhile rather than at the start of the next step.
   */
  applying(variables: tf.Variable[], grads: tf.NamedTensorMap, learningRate: number): void {
    const gradients = this.averaged?.grads === grads ? this.averaged.flat : flattenGradients(variables, grads);
    this.averaged = undefined;
    for (const r of this.replicas) r.post({ type: 'update', update: { gradients, learningRate } });
  }

  /** Every replica's weights digest (equal to the loop's while in sync). */
  async digests(): Promise<string[]> {
    return Promise.all(
      this.replicas.map(async (r) => {
        const answer = r.next();
        r.post({ type: 'digest' });
        const m = await answer;
        if (m.type !== 'digest') throw new Error(`Data-parallel replica ${r.index}: expected a digest, got '${m.type}'`);
        return m.digest;
      }),
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.terminate()));
  }
}

/** Bounds of `parts` shards of start..end, as even as can be: shard k is [b[k], b[k+1]). */
export function shardBounds(start: number, end: number, parts: number): number[] {
  const n = end - start;
  return Array.from({ length: parts + 1 }, (_, k) => start + Math.floor((n * k) / parts));
}
