// The training loop against answers worked out by hand, in-process (no child process).
// Problem: y = 2x on x = [1, 2], a single weight w (no bias) starting at 0, MSE, one batch per epoch.
// loss(w) = ((w−2)²·1 + (w−2)²·4)/2 = 2.5(w−2)²,  dloss/dw = 5(w−2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { experiment } from '../src/sdk/index';
import type { ExperimentConfig } from '../src/sdk/types';
import type { TrainingEvent } from '../src/protocol/events';
import { createRng } from '../src/engine/data/rng';
import { TrainingLoop } from '../src/engine/train/loop';
import { createSetup } from '../src/engine/train/setup';

const line = (withValidation = false) => ({
  kind: 'function' as const,
  options: { normalize: false },
  fn: () => ({
    train: { x: [[1], [2]], y: [[2], [4]] },
    ...(withValidation ? { validation: { x: [[1], [2]], y: [[2], [4]] } } : {}),
  }),
});

const oneWeight = () =>
  tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1, useBias: false, kernelInitializer: 'zeros' })] });

async function run(overrides: Partial<ExperimentConfig>) {
  await tf.setBackend('cpu');
  const exp = experiment({ name: 'line', data: line(), model: oneWeight, loss: 'meanSquaredError', batchSize: 2, shuffle: false, epochs: 3, ...overrides } as ExperimentConfig);
  const setup = await createSetup(exp);
  const events: TrainingEvent[] = [];
  const loop = new TrainingLoop(setup, createRng(1), { emit: (e) => events.push(e), isCancelled: () => false, saveModel: async () => undefined });
  const result = await loop.run();
  const w = (await setup.model.getWeights()[0].data())[0];
  const losses = events.flatMap((e) => (e.type === 'batch' ? [e.metrics.loss] : []));
  const lrs = events.flatMap((e) => (e.type === 'batch' ? [e.learningRate] : []));
  return { result, w, losses, lrs, events };
}

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

test('SGD: each step w ← w − 0.1·5(w−2): losses 10, 2.5, 0.625, final w 1.75', async () => {
  const { losses, w, result } = await run({ optimizer: { name: 'sgd', learningRate: 0.1 } });
  [10, 2.5, 0.625].forEach((l, i) => close(losses[i], l, `loss ${i}`));
  close(w, 1.75, 'w');
  assert.equal(result.status, 'completed');
  assert.equal(result.epochsCompleted, 3);
  close(result.metrics.loss, 0.625, 'final epoch loss');
});

test('clipValue 1 caps the first gradient (−10) at −1: w 0 → 0.1, loss 2.5·1.9² next', async () => {
  const { losses } = await run({ optimizer: { name: 'sgd', learningRate: 0.1, clipValue: 1 }, epochs: 2 });
  close(losses[0], 10, 'loss 0');
  close(losses[1], 2.5 * 1.9 ** 2, 'loss 1');
});

test('clipNorm 2 scales the first gradient to norm 2: w 0 → 0.2', async () => {
  const { losses } = await run({ optimizer: { name: 'sgd', learningRate: 0.1, clipNorm: 2 }, epochs: 2 });
  close(losses[1], 2.5 * 1.8 ** 2, 'loss 1');
});

test('a step schedule changes the learning rate at epoch boundaries', async () => {
  const { lrs } = await run({ optimizer: { name: 'sgd', learningRate: { schedule: 'step', initial: 0.1, stepEpochs: 1, gamma: 0.5 } } });
  [0.1, 0.05, 0.025].forEach((lr, i) => close(lrs[i], lr, `lr ${i}`));
});

test('L2 kernel regularization is part of the loss, as in model.fit', async () => {
  const model = () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1, useBias: false, kernelInitializer: 'ones', kernelRegularizer: tf.regularizers.l2({ l2: 0.5 }) })] });
  const { losses } = await run({ model, optimizer: { name: 'sgd', learningRate: 0.1 }, epochs: 1 });
  close(losses[0], 2.5 * 1 + 0.5 * 1, 'loss with penalty');
});

test('early stopping: a diverging run stops after `patience` epochs and restores the best weights', async () => {
  // lr 1.1 overshoots: w 0 → 11 → −38.5 → …; validation loss is best after epoch 1 (w = 11).
  const { result, w, events } = await run({
    data: line(true),
    optimizer: { name: 'sgd', learningRate: 1.1 },
    epochs: 20,
    earlyStopping: { patience: 2, restoreBest: true },
  });
  assert.equal(result.stopReason, 'early-stopping');
  assert.equal(result.epochsCompleted, 3);
  assert.equal(result.bestEpoch, 0);
  close(w, 11, 'restored w');
  assert.ok(events.some((e) => e.type === 'log' && /Early stopping/.test(e.message)));
});

test('the loop leaks no tensors from one epoch to the next', async () => {
  await tf.setBackend('cpu');
  const exp = experiment({ name: 'line', data: line(true), model: oneWeight, loss: 'meanSquaredError', metrics: ['mae'], batchSize: 1, epochs: 2, optimizer: 'adam' });
  const setup = await createSetup(exp);
  const counts: number[] = [];
  const loop = new TrainingLoop(setup, createRng(1), { emit: (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors), isCancelled: () => false, saveModel: async () => undefined });
  await loop.run();
  // Epoch 1 may create the optimizer's slots; from then on the count must stay flat.
  const more = new TrainingLoop({ ...setup, epochs: 3 }, createRng(1), { emit: (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors), isCancelled: () => false, saveModel: async () => undefined });
  await more.run();
  assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts per epoch: ${counts.join(', ')}`);
});

test('with probes on (every step, histograms), the tensor count stays flat from epoch to epoch', async () => {
  await tf.setBackend('cpu');
  const model = () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 4, activation: 'relu' }), tf.layers.dense({ units: 1 })] });
  const exp = experiment({ name: 'line', data: line(true), model, loss: 'meanSquaredError', metrics: ['mae'], batchSize: 1, epochs: 6, optimizer: 'adam' });
  const setup = await createSetup(exp);
  const counts: number[] = [];
  let probes = 0;
  const loop = new TrainingLoop(setup, createRng(1), {
    emit: (e) => {
      if (e.type === 'epoch') counts.push(tf.memory().numTensors);
      if (e.type === 'probe') probes++;
    },
    isCancelled: () => false,
    saveModel: async () => undefined,
  }, { interval: 1, batchSize: 2, histograms: true });
  await loop.run();
  assert.ok(probes >= 12, `${probes} probes`);
  assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts per epoch: ${counts.join(', ')}`);
});

test('probe budget: when every step already spends the budget on diagnostics, probes fall to one per epoch', async () => {
  await tf.setBackend('cpu');
  const thirty = { kind: 'function' as const, options: { normalize: false }, fn: () => ({ train: { x: Array.from({ length: 30 }, (_, i) => [i / 30]), y: Array.from({ length: 30 }, (_, i) => [(2 * i) / 30]) } }) };
  const exp = experiment({ name: 'line', data: thirty, model: oneWeight, loss: 'meanSquaredError', batchSize: 1, shuffle: false, epochs: 2, optimizer: 'sgd' } as ExperimentConfig);
  const probesWith = async (stepDiagnosticsMs: number, budget: number | undefined) => {
    const setup = await createSetup(exp);
    let probes = 0;
    // An observer whose per-step work takes stepDiagnosticsMs: the loop counts it as diagnostics.
    const observer = {
      onStep: () => {
        const end = performance.now() + stepDiagnosticsMs;
        while (performance.now() < end);
      },
      onProbe: () => undefined,
      onEpoch: () => undefined,
      stopReason: () => undefined,
    };
    const hooks = { emit: (e: TrainingEvent) => void (e.type === 'probe' && probes++), isCancelled: () => false, saveModel: async () => undefined };
    await new TrainingLoop(setup, createRng(1), hooks, { interval: 2, batchSize: 2, histograms: false, budget }, observer).run();
    setup.model.dispose();
    return probes;
  };
  assert.equal(await probesWith(0, undefined), 30, 'no budget: every 2 steps');
  const spaced = await probesWith(3, 0.05);
  assert.ok(spaced <= 3, `per-step diagnostics over the budget: ${spaced} probes in 2 epochs of 30 steps`);
});
