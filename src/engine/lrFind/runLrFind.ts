// `modellab lr-find`, start to finish: load the model file, set the experiment up as a run would
// (backend, seeded randomness, sweep param defaults, its own optimizer), run the range test, suggest.
import { createRng } from '../data/rng';
import type { BackendRequest } from '../../protocol/events';
import { locateConfigKeys } from '../loader/configLocations';
import { LoadError } from '../loader/errors';
import { userCodeError } from '../loader/evaluate';
import { setUpFromFile } from '../train/setUpFromFile';
import type { LrFindEvent, LrFindFinishedEvent } from '../../protocol/workflowEvents';
import { runRangeTest } from './rangeTest';
import { MIN_POINTS, suggestionCurve, suggestLearningRates } from './suggest';

export interface LrFindRequest {
  file: string;
  experiment?: string;
  minLearningRate?: number;
  maxLearningRate?: number;
  steps?: number;
  batchSize?: number;
  seed?: number;
  backend?: BackendRequest;
}

export const LR_FIND_DEFAULTS = { minLearningRate: 1e-7, maxLearningRate: 10, steps: 100 };

export interface LrFindIO {
  send(event: LrFindEvent): void;
  /** Human-readable notes (the backend used, and why faster ones were not). */
  info?(message: string): void;
}

/** A range the test cannot run over; bad input, like a LoadError. */
export class LrRangeError extends Error {
  readonly code = 'bad-range';
  constructor(message: string) {
    super(message);
    this.name = 'LrRangeError';
  }
}

export function resolveRange(request: LrFindRequest): { minLearningRate: number; maxLearningRate: number; steps: number } {
  const min = request.minLearningRate ?? LR_FIND_DEFAULTS.minLearningRate;
  const max = request.maxLearningRate ?? LR_FIND_DEFAULTS.maxLearningRate;
  const steps = request.steps ?? LR_FIND_DEFAULTS.steps;
  if (!Number.isFinite(min) || min <= 0) throw new LrRangeError(`--min-lr must be a positive number, got ${min}`);
  if (!Number.isFinite(max) || max <= 0) throw new LrRangeError(`--max-lr must be a positive number, got ${max}`);
  if (min >= max) throw new LrRangeError(`--min-lr (${min}) must be below --max-lr (${max})`);
  if (!Number.isInteger(steps) || steps < MIN_POINTS) throw new LrRangeError(`--steps must be a whole number of at least ${MIN_POINTS}, got ${steps}`);
  return { minLearningRate: min, maxLearningRate: max, steps };
}

/**
 * Runs the learning-rate finder in this process (it replaces Math.random with a seeded generator, as a
 * training process does). Throws LoadError or LrRangeError for bad input, DegenerateCurveError when no
 * rate can be read from the curve.
 */
export async function runLrFind(request: LrFindRequest, io: LrFindIO): Promise<LrFindFinishedEvent> {
  const range = resolveRange(request);
  // Seeded as a run is: the test starts from the run's initial weights.
  const { loaded, selected, setup, backend } = await setUpFromFile({ file: request.file, experiment: request.experiment, backend: request.backend ?? 'auto', batchSize: request.batchSize, seed: request.seed, replicas: false });
  const { experiment } = selected;
  if (setup.model.trainableWeights.length === 0) throw new LoadError('bad-config', `The model of '${setup.config.name}' has no trainable weights: there is nothing to find a learning rate for`, experiment.location);
  io.info?.(`backend ${backend.name}${backend.skipped.length > 0 ? ` (${backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})` : ''}`);
  for (const warning of backend.warnings ?? []) io.info?.(`warning: ${warning}`);
  const file = loaded.file;
  const currentLearningRate = Number.isFinite(setup.optimizer.initialLearningRate) && !setup.optimizer.schedule ? setup.optimizer.initialLearningRate : setup.optimizer.schedule?.initial;
  io.send({ type: 'lr-find-started', experiment: setup.config.name, file, ...range, batchSize: setup.batchSize });

  let result;
  try {
    // Same shuffling stream as a training run of this seed, so the first batches are the run's.
    result = await runRangeTest(setup, {
      ...range,
      rng: createRng(setup.seed ^ 0x5f3759df),
      onStep: (p) => io.send({ type: 'lr-find-step', step: p.step, learningRate: p.learningRate, loss: p.loss, smoothedLoss: p.smoothedLoss }),
    });
  } catch (err) {
    throw userCodeError('model-threw', 'The range test failed', err);
  } finally {
    setup.model.dispose();
    setup.optimizer.optimizer.dispose();
  }
  const curve = suggestionCurve(result.points);
  const suggestions = suggestLearningRates(curve);
  const keys = experiment.location ? locateConfigKeys(experiment.location.file, experiment.location) : {};
  const location = keys.learningRate ?? keys.optimizer;
  const finished: LrFindFinishedEvent = {
    type: 'lr-find-finished',
    experiment: setup.config.name,
    file,
    suggestedLearningRate: suggestions.suggested,
    suggestions: { ...(suggestions.steepest !== undefined ? { steepest: suggestions.steepest } : {}), minLossDividedBy10: suggestions.minLossDividedBy10 },
    curve: result.points.map((p) => [p.learningRate, p.loss]),
    smoothed: curve.map((p) => [p.learningRate, p.smoothedLoss]),
    stoppedBecause: result.stoppedBecause,
    ...(currentLearningRate !== undefined ? { currentLearningRate } : {}),
    ...(location ? { location } : {}),
  };
  io.send(finished);
  return finished;
}
