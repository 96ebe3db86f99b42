// Data-parallel replicas: a batch split across the loop and worker threads trains the same model as
// the whole batch on one (up to rounding, for a model without per-batch statistics), the replicas stay
// in sync, the choice of replicas follows the model's work and MODELLAB_REPLICAS, and a run says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../src/engine/data/rng';
import { TrainingLoop } from '../src/engine/train/loop';
import { setUpFromFile, type SetUpRequest } from '../src/engine/train/setUpFromFile';
import { trainableVariables } from '../src/engine/train/batchGradients';
import { ReplicaPool, shardBounds } from '../src/engine/train/replicas/replicaPool';
import { weightsDigest } from '../src/engine/train/replicas/weights';
import { chooseReplicas, replicasFromEnv } from '../src/engine/train/replicas/replicaChoice';
import { runTraining } from '../src/engine/process/runTraining';
import type { TrainingEvent } from '../src/protocol/events';
import { maxRelError } from './relError';

const file = path.join(__dirname, 'fixtures', 'replicas.model.ts');

/** One epoch of the experiment, with or without replicas; its final weights, losses and the pool's digests. */
async function trainOnce(experiment: string, replicas: number) {
  const request: SetUpRequest = { file, experiment, backend: 'wasm', cores: 1 };
  const { setup } = await setUpFromFile(request);
  const variables = trainableVariables(setup);
  const pool = replicas > 1 ? await ReplicaPool.start(request, replicas, variables) : undefined;
  const losses: number[] = [];
  try {
    const loop = new TrainingLoop(setup, createRng(9), { emit: (e) => e.type === 'batch' && losses.push(e.metrics.loss), isCancelled: () => false, saveModel: async () => undefined }, undefined, undefined, pool);
    const result = await loop.run();
    const weights = variables.map((v) => v.dataSync().slice() as Float32Array);
    const digests = pool ? await pool.digests() : [];
    return { result, weights, losses, digests, own: weightsDigest(variables) };
  } finally {
    await pool?.dispose();
    setup.model.dispose();
  }
}

test('shards split a batch as evenly as can be', () => {
  assert.deepEqual(shardBounds(0, 30, 2), [0, 15, 30]);
  assert.deepEqual(shardBounds(60, 87, 2), [60, 73, 87]);
  assert.deepEqual(shardBounds(0, 3, 4), [0, 0, 1, 2, 3]);
});

test('two replicas train the same weights as one (regularizer, clipping, an uneven last batch), and stay in sync', async () => {
  const one = await trainOnce('plain', 1);
  const two = await trainOnce('plain', 2);
  assert.equal(two.result.status, 'completed');
  assert.equal(two.losses.length, one.losses.length);
  assert.ok(maxRelError(two.losses, one.losses) < 1e-4, `losses ${maxRelError(two.losses, one.losses)}`);
  for (let i = 0; i < one.weights.length; i++) assert.ok(maxRelError(two.weights[i], one.weights[i]) < 1e-3, `variable ${i}: ${maxRelError(two.weights[i], one.weights[i])}`);
  assert.ok(two.result.metrics.loss < two.losses[0], 'it learns');
  assert.deepEqual(two.digests, [two.own], 'the replica holds exactly the loop\'s weights');
});

test('with batch norm and dropout the replicas still hold exactly the loop\'s weights', async () => {
  const two = await trainOnce('bn-dropout', 2);
  assert.equal(two.result.status, 'completed');
  assert.ok(two.result.metrics.loss < two.losses[0]);
  assert.deepEqual(two.digests, [two.own]);
});

test('a replica that cannot set up fails the start with its reason', async () => {
  const { setup } = await setUpFromFile({ file, experiment: 'plain', backend: 'wasm', cores: 1 });
  await assert.rejects(ReplicaPool.start({ file, experiment: 'nope', backend: 'wasm' }, 2, trainableVariables(setup)), /replica 1 failed: .*nope/);
  setup.model.dispose();
});

test('replicas are chosen for convolution-heavy models with big enough batches; MODELLAB_REPLICAS decides when set', () => {
  const conv = (filters: number) =>
    tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [28, 28, 1], filters, kernelSize: 3 }), tf.layers.conv2d({ filters, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
  const heavy = conv(32);
  const light = conv(2);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const auto = chooseReplicas(heavy, 64, {});
  if (cores >= 2) assert.equal(auto?.replicas, Math.min(cores, 4), auto?.reason);
  else assert.equal(auto, undefined);
  assert.equal(chooseReplicas(light, 64, {}), undefined, 'too little work');
  assert.equal(chooseReplicas(heavy, 16, {}), undefined, 'shards too small');
  assert.equal(chooseReplicas(heavy, 64, { MODELLAB_WASM_THREADS: '2' }), undefined, 'threads asked for instead');
  assert.equal(chooseReplicas(light, 64, { MODELLAB_REPLICAS: '3' })?.replicas, 3);
  assert.equal(chooseReplicas(heavy, 64, { MODELLAB_REPLICAS: '1' }), undefined);
  assert.equal(chooseReplicas(light, 2, { MODELLAB_REPLICAS: '4' })?.replicas, 2, 'never more replicas than rows');
  assert.throws(() => replicasFromEnv({ MODELLAB_REPLICAS: 'two' }), /MODELLAB_REPLICAS must be a whole number ≥ 1/);
  heavy.dispose();
  light.dispose();
});

test('a convolution-heavy model file sets up for one replica per core', async (t) => {
  if (os.availableParallelism() < 2) return t.skip('one core here');
  const { setup, backend } = await setUpFromFile({ file: path.join(__dirname, 'fixtures', 'wide-conv.model.ts'), backend: 'wasm' });
  assert.equal(backend.replicas, Math.min(os.availableParallelism(), 2), 'batch 32: shards of at least 16 rows');
  assert.equal(backend.threads, 1, 'replicas instead of the threaded build');
  assert.match(backend.replicasReason ?? '', /data-parallel replicas, one per core: the convolutions do \d+M multiply-adds/);
  setup.model.dispose();
});

test('a run on replicas records them and why, and trains', async () => {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-replicas-'));
  const events: TrainingEvent[] = [];
  process.env.MODELLAB_REPLICAS = '2';
  try {
    const finished = await runTraining({ file, experiment: 'bn-dropout', runId: 'r1', runsDir, workspace: path.dirname(file), backend: 'wasm' }, { send: (e) => events.push(e), isCancelled: () => false });
    assert.equal(finished.status, 'completed');
    const started = events.find((e) => e.type === 'run-started');
    assert.equal(started?.type === 'run-started' && started.backend.replicas, 2);
    assert.ok(events.some((e) => e.type === 'log' && /2 data-parallel replicas \(MODELLAB_REPLICAS=2\)/.test(e.message)));
    assert.ok(events.some((e) => e.type === 'probe'), 'probes run on the loop\'s replica');
  } finally {
    delete process.env.MODELLAB_REPLICAS;
    fs.rmSync(runsDir, { recursive: true, force: true });
  }
});

test('replicas that cannot start: the run trains on one thread and says why; one that fails part-way fails the run with its reason', async () => {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-replicas-'));
  process.env.MODELLAB_REPLICAS = '2';
  try {
    const run = async (experiment: string) => {
      const events: TrainingEvent[] = [];
      const finished = await runTraining({ file, experiment, runId: experiment, runsDir, workspace: path.dirname(file), backend: 'wasm' }, { send: (e) => events.push(e), isCancelled: () => false });
      return { finished, events };
    };
    const fallback = await run('fails-to-replicate');
    assert.equal(fallback.finished.status, 'completed');
    const started = fallback.events.find((e) => e.type === 'run-started');
    assert.equal(started?.type === 'run-started' && started.backend.replicas, undefined, 'recorded as one replica');
    assert.ok(fallback.events.some((e) => e.type === 'log' && e.level === 'warning' && /Training on one thread: the data-parallel replicas did not start \(Data-parallel replica 1 failed: .*no model in a worker thread/.test(e.message)));
    const partWay = await run('fails-part-way');
    assert.equal(partWay.finished.status, 'failed');
    assert.match(partWay.finished.error?.message ?? '', /Data-parallel replica 1 failed: .*replica layer gave up/);
  } finally {
    delete process.env.MODELLAB_REPLICAS;
    fs.rmSync(runsDir, { recursive: true, force: true });
  }
});
