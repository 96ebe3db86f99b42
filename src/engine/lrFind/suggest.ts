// The pure half of the learning-rate finder: the rate at each step, the smoothed loss, when to stop,
// and which rate to suggest from the curve (fast.ai's "steepest" and "min loss / 10").

/** Smoothing of the loss curve, as fast.ai: an exponential moving average with bias correction. */
export const SMOOTHING_BETA = 0.98;
/** The test stops once the smoothed loss exceeds this many times its best value. */
export const DIVERGENCE_FACTOR = 4;
/** Fewer finite points than this cannot show a slope. */
export const MIN_POINTS = 5;

/** The learning rate of step `step` of `steps`: geometric from `min` (first step) to `max` (last step). */
export function rangeLearningRate(step: number, steps: number, min: number, max: number): number {
  if (steps <= 1) return min;
  return min * (max / min) ** (step / (steps - 1));
}

/**
 * Bias-corrected EMA: each call takes the next raw loss and returns the smoothed one. The correction
 * (dividing by 1 − βⁿ) keeps the first values from being pulled towards 0.
 */
export function createSmoother(beta = SMOOTHING_BETA): (loss: number) => number {
  let average = 0;
  let n = 0;
  return (loss: number) => {
    n++;
    average = beta * average + (1 - beta) * loss;
    return average / (1 - beta ** n);
  };
}

export function smoothLosses(losses: number[], beta = SMOOTHING_BETA): number[] {
  const smooth = createSmoother(beta);
  return losses.map(smooth);
}

/**
 * The smoothing the suggestion is read from. The live EMA lags: over 100 steps at β 0.98 it is nearly
 * a running mean, so its steepest drop lands near the raw minimum (on digits-mlp: 0.031, where 5
 * epochs at 0.03 are worse than at 0.003 or 0.01). Running the EMA forwards and then backwards cancels
 * the lag; β follows the curve's length (about a tenth of it as the window), so 100 steps smooth at 0.9.
 */
export function zeroLagSmooth(losses: number[], beta = suggestionBeta(losses.length)): number[] {
  const forward = smoothLosses(losses, beta);
  return smoothLosses([...forward].reverse(), beta).reverse();
}

export function suggestionBeta(points: number): number {
  return 1 - 1 / Math.max(4, points / 10);
}

/** The curve for suggestLearningRates: finite raw losses, smoothed without lag. */
export function suggestionCurve(points: { learningRate: number; loss: number }[]): CurvePoint[] {
  const finite = points.filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.learningRate) && p.learningRate > 0);
  const smoothed = zeroLagSmooth(finite.map((p) => p.loss));
  return finite.map((p, i) => ({ learningRate: p.learningRate, smoothedLoss: smoothed[i] }));
}

/** Whether the smoothed loss has exploded (above DIVERGENCE_FACTOR × the best smoothed loss so far). */
export function hasDiverged(smoothed: number, bestSmoothed: number): boolean {
  return smoothed > DIVERGENCE_FACTOR * bestSmoothed;
}

export interface CurvePoint {
  learningRate: number;
  smoothedLoss: number;
}

export interface Suggestions {
  /** Where the smoothed loss falls fastest per decade of learning rate; absent when it nowhere falls. */
  steepest?: number;
  /** The learning rate of the smallest smoothed loss, divided by 10. */
  minLossDividedBy10: number;
  /** The learning rate at the smallest smoothed loss itself. */
  minLossLearningRate: number;
  /** steepest when it exists and lies below minLossLearningRate, else minLossDividedBy10. */
  suggested: number;
}

/** A curve no rate can be read from; the message says why and what to change. */
export class DegenerateCurveError extends Error {
  constructor(readonly code: 'too-few-points' | 'flat-loss', message: string) {
    super(message);
    this.name = 'DegenerateCurveError';
  }
}

/** Relative spread of the smoothed loss below which the curve counts as flat. */
const FLAT_TOLERANCE = 1e-3;

/**
 * Points the slope search leaves out at each end (fast.ai leaves out 10 and 5). The start is an average
 * of only a few batches, so batch noise alone makes steep slopes there; the end is blowing up.
 */
export function edgeSkips(count: number): { start: number; end: number } {
  return { start: Math.min(10, Math.max(2, Math.floor(count / 4))), end: Math.min(5, Math.max(1, Math.floor(count / 20))) };
}

/**
 * Reads the suggestions from a smoothed curve (learning rates increasing). Non-finite points are left out.
 * Throws DegenerateCurveError when there are too few points or the loss does not change.
 */
export function suggestLearningRates(curve: CurvePoint[]): Suggestions {
  const points = curve.filter((p) => Number.isFinite(p.smoothedLoss) && Number.isFinite(p.learningRate) && p.learningRate > 0);
  if (points.length < MIN_POINTS) {
    throw new DegenerateCurveError('too-few-points', `The range test has only ${points.length} usable point${points.length === 1 ? '' : 's'} (at least ${MIN_POINTS} needed): the loss blew up almost at once. Lower --min-lr, or raise --steps.`);
  }
  let minIndex = 0;
  let maxLoss = -Infinity;
  points.forEach((p, i) => {
    if (p.smoothedLoss < points[minIndex].smoothedLoss) minIndex = i;
    maxLoss = Math.max(maxLoss, p.smoothedLoss);
  });
  const minLoss = points[minIndex].smoothedLoss;
  if (maxLoss - minLoss <= FLAT_TOLERANCE * Math.max(Math.abs(minLoss), Math.abs(maxLoss), 1e-12)) {
    const first = points[0].learningRate;
    const last = points[points.length - 1].learningRate;
    throw new DegenerateCurveError('flat-loss', `The loss did not change between learning rates ${first.toExponential(1)} and ${last.toExponential(1)} (stayed at ${minLoss.toPrecision(4)}): the model is not learning (no trainable weights, or zero gradients?), or the range is too low; raise --max-lr.`);
  }
  const minLossLearningRate = points[minIndex].learningRate;
  const steepest = steepestDescent(points);
  const minLossDividedBy10 = minLossLearningRate / 10;
  const suggested = steepest !== undefined && steepest < minLossLearningRate ? steepest : minLossDividedBy10;
  return { ...(steepest !== undefined ? { steepest } : {}), minLossDividedBy10, minLossLearningRate, suggested };
}

/** The learning rate of the most negative central difference d(smoothed loss)/d(log10 lr), or undefined if it never falls. */
export function steepestDescent(points: CurvePoint[]): number | undefined {
  const skip = edgeSkips(points.length);
  let best: number | undefined;
  let bestSlope = 0;
  for (let i = Math.max(1, skip.start); i < points.length - Math.max(1, skip.end); i++) {
    const before = points[i - 1];
    const after = points[i + 1];
    const run = Math.log10(after.learningRate) - Math.log10(before.learningRate);
    if (!(run > 0)) continue;
    const slope = (after.smoothedLoss - before.smoothedLoss) / run;
    if (Number.isFinite(slope) && slope < bestSlope) {
      bestSlope = slope;
      best = points[i].learningRate;
    }
  }
  return best;
}
