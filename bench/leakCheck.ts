// A tiny model trained through Model Lab's TrainingLoop with every probe on, recording
// tf.memory().numTensors after each step. Used by test/leak.test.ts (500 steps) and bench/run.ts --leak (10,000).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { experiment, fromFunction } from '../src/sdk/index';
import { selectBackend } from '../src/engine/backend/select';
import { createRng } from '../src/engine/data/rng';
import { createMonitor, emptyTrace } from '../src/engine/diagnostics/session';
import { TrainingLoop } from '../src/engine/train/loop';
import { createSetup } from '../src/engine/train/setup';

export async function tensorCountsOverSteps(backend: 'wasm' | 'cpu', steps: number, probeEvery = 7): Promise<number[]> {
  await selectBackend(backend);
  const exp = experiment({
    name: 'tiny',
    data: fromFunction(() => ({ train: { x: tf.randomNormal([64, 4]), y: tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'int32').tile([8]), 3) }, validation: { x: tf.randomNormal([16, 4]), y: tf.oneHot(tf.zeros([16], 'int32'), 3) } }), { normalize: false }),
    model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })] }),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    optimizer: { name: 'adam', learningRate: 1e-3, clipNorm: 1 },
    batchSize: 8,
    epochs: Math.ceil(steps / 8),
    seed: 3,
    probes: { everySteps: probeEvery, histograms: true },
    earlyStopping: { patience: 1_000_000, restoreBest: true },
  });
  const setup = await createSetup(exp);
  const monitor = createMonitor(setup, emptyTrace(setup, 8), () => undefined, false);
  const counts: number[] = [];
  const loop = new TrainingLoop(
    setup,
    createRng(1),
    { emit: (e) => void (e.type === 'batch' && counts.push(tf.memory().numTensors)), isCancelled: () => counts.length >= steps, saveModel: async () => undefined },
    { interval: probeEvery, batchSize: 16, histograms: true },
    monitor,
  );
  await loop.run();
  setup.model.dispose();
  return counts;
}

