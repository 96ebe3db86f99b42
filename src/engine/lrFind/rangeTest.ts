// The LR range test loop: one training step per mini-batch while the learning rate grows geometrically
// from min to max, recording the loss, until the loss explodes or the rate reaches max.
import * as tf from '@tensorflow/tfjs';
import { permutation, type Rng } from '../data/rng';
import { clipGradients } from '../optim/clipping';
import { gatherBatch, stepsPerEpoch } from '../train/batches';
import type { TrainingSetup } from '../train/setup';
import { regularizationLosses } from '../train/losses';
import { createSmoother, hasDiverged, rangeLearningRate } from './suggest';

export interface RangeTestOptions {
  minLearningRate: number;
  maxLearningRate: number;
  /** Most steps; the last one uses maxLearningRate. */
  steps: number;
  /** Shuffles the training rows anew at each pass over them. */
  rng: Rng;
  onStep?(point: RangePoint): void;
}

export interface RangePoint {
  step: number;
  learningRate: number;
  loss: number;
  smoothedLoss: number;
}

export interface RangeTestResult {
  /** Every step with a finite loss, in order. */
  points: RangePoint[];
  stoppedBecause: 'diverged' | 'max-learning-rate' | 'non-finite-loss';
}

/** Lets the process breathe between steps (tfjs reads on CPU/wasm resolve as microtasks). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs the test on the setup's model and optimizer, changing both (the weights train as it goes).
 * The setup's learning-rate schedule, callbacks and epochs are ignored: the test sets the rate itself.
 */
export async function runRangeTest(setup: TrainingSetup, options: RangeTestOptions): Promise<RangeTestResult> {
  const { minLearningRate: min, maxLearningRate: max, steps } = options;
  const train = setup.data.train;
  const perPass = stepsPerEpoch(train.count, setup.batchSize);
  const smooth = createSmoother();
  const points: RangePoint[] = [];
  let best = Infinity;
  let order: Uint32Array | null = null;
  for (let step = 0; step < steps; step++) {
    const inPass = step % perPass;
    if (inPass === 0) order = setup.shuffle ? permutation(train.count, options.rng) : null;
    const learningRate = rangeLearningRate(step, steps, min, max);
    setup.optimizer.setLearningRate(learningRate);
    const start = inPass * setup.batchSize;
    const loss = await trainStep(setup, order, start, Math.min(train.count, start + setup.batchSize));
    if (!Number.isFinite(loss)) return { points, stoppedBecause: 'non-finite-loss' };
    const smoothedLoss = smooth(loss);
    const point = { step, learningRate, loss, smoothedLoss };
    points.push(point);
    options.onStep?.(point);
    if (hasDiverged(smoothedLoss, best)) return { points, stoppedBecause: 'diverged' };
    best = Math.min(best, smoothedLoss);
    await yieldToEventLoop();
  }
  return { points, stoppedBecause: 'max-learning-rate' };
}

/** Forward, backward, clip, update, as the training loop does (regularization penalties included); returns the batch loss. */
async function trainStep(setup: TrainingSetup, order: Uint32Array | null, start: number, end: number): Promise<number> {
  const { model, optimizer } = setup;
  const value = tf.tidy(() => {
    const batch = gatherBatch(setup.data.train, setup.data, order, start, end);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value: loss, grads } = tf.variableGrads(() => {
      const pred = model.apply(batch.x, { training: true }) as tf.Tensor;
      let total = setup.loss(batch.y, pred) as tf.Scalar;
      for (const penalty of regularizationLosses(model)) total = tf.add(total, penalty);
      return total;
    }, variables);
    optimizer.optimizer.applyGradients(optimizer.clip ? clipGradients(grads, optimizer.clip) : grads);
    return loss;
  });
  const loss = (await value.data())[0];
  value.dispose();
  return loss;
}

