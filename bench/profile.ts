// Where a training step's time goes, per kernel: npm run bench:profile -- cnn wasm
// Runs a few warm-up steps, then profiles one step (forward, backward, Adam) with tf.profile.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/engine/backend/select';
import { createRng } from '../src/engine/data/rng';
import { gatherBatch } from '../src/engine/train/batches';
import { createSetup } from '../src/engine/train/setup';
import { WORKLOADS } from './workloads';

async function main(): Promise<void> {
  const [name = 'cnn', backend = 'wasm'] = process.argv.slice(2);
  const workload = WORKLOADS.find((w) => w.name === name)!;
  await selectBackend(backend as 'wasm');
  Math.random = createRng(1);
  const setup = await createSetup(workload.experiment(4, false));
  const batch = gatherBatch(setup.data.train, setup.data, null, 0, setup.batchSize);
  const step = () => {
    const vars = setup.model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => setup.loss(batch.y, setup.model.apply(batch.x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
    setup.optimizer.optimizer.applyGradients(grads);
    tf.dispose(grads);
    value.dataSync();
    value.dispose();
  };
  for (let i = 0; i < 3; i++) step();
  const t0 = performance.now();
  step();
  const plain = performance.now() - t0;
  const info = await tf.profile(step);
  const byKernel = new Map<string, { ms: number; n: number }>();
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += Number(k.kernelTimeMs) || 0;
    e.n++;
    byKernel.set(k.name, e);
  }
  console.log(`${name} on ${backend}: one step ${plain.toFixed(1)} ms unprofiled; kernels:`);
  for (const k of info.kernels) if (process.env.SHAPES && k.name === process.env.SHAPES) console.log(k.name, JSON.stringify(k.inputShapes), JSON.stringify(k.outputShapes), k.kernelTimeMs);
  for (const [k, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`  ${k.padEnd(34)} ${e.ms.toFixed(1).padStart(8)} ms  ×${e.n}`);
}

main();
