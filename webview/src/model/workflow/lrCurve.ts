// The learning-rate finder's plot: raw and smoothed loss against the learning rate, the y range that
// keeps the final explosion from flattening the curve, and the suggestion markers. Pure: no DOM.
import type { LrFindFinishedEvent, LrFindStepEvent } from '../../../../src/protocol/workflowEvents';
import { finite, type Point } from '../series';

export interface LrPlot {
  raw: Point[];
  smoothed: Point[];
  /** Upper end of the y axis; undefined when nothing needs clipping. */
  yMax?: number;
  /** Lower end of the y axis, a little under the smallest loss shown. */
  yMin?: number;
}

/** How far above the first smoothed loss the y axis reaches: the climb is visible, the explosion is cut off. */
export const CLIP_FACTOR = 3;

/**
 * The curves to draw. The finished event's arrays are the complete record; while the test runs, the
 * steps received so far. Non-finite losses are gaps (null).
 */
export function lrPlot(steps: readonly LrFindStepEvent[], finished?: LrFindFinishedEvent, clipFactor = CLIP_FACTOR): LrPlot {
  const point = (x: number, y: number): Point => ({ x, y: finite(y) ? y : null });
  const usable = (p: Point): boolean => finite(p.x) && p.x > 0;
  const raw = (finished ? finished.curve.map(([lr, loss]) => point(lr, loss)) : steps.map((s) => point(s.learningRate, s.loss))).filter(usable);
  const smoothed = (finished ? finished.smoothed.map(([lr, loss]) => point(lr, loss)) : steps.map((s) => point(s.learningRate, s.smoothedLoss))).filter(usable);
  return { raw, smoothed, ...yRange(raw, smoothed, clipFactor) };
}

/**
 * The y axis: up to `clipFactor` × the first smoothed loss when the curves go higher (they do once the
 * loss explodes), down to a little under the smallest value shown.
 */
export function yRange(raw: readonly Point[], smoothed: readonly Point[], clipFactor = CLIP_FACTOR): { yMin?: number; yMax?: number } {
  const first = smoothed.find((p) => p.y !== null)?.y;
  const values = [...raw, ...smoothed].map((p) => p.y).filter(finite);
  if (first === undefined || first === null || values.length === 0) return {};
  const highest = Math.max(...values);
  const ceiling = first > 0 ? first * clipFactor : undefined;
  const yMax = ceiling !== undefined && highest > ceiling ? ceiling : undefined;
  const shown = values.filter((v) => yMax === undefined || v <= yMax);
  const lowest = Math.min(...shown);
  const top = yMax ?? highest;
  const yMin = lowest >= 0 ? Math.max(0, lowest - (top - lowest) * 0.05) : lowest - (top - lowest) * 0.05;
  return { yMin, yMax };
}

export type LrMarkerKind = 'suggested' | 'steepest' | 'min-loss' | 'current';

export interface LrSuggestion {
  kind: LrMarkerKind;
  /** The value as shown and as written into the model file: two significant digits. */
  learningRate: number;
  label: string;
  /** Why this value, in words. */
  reason: string;
}

const REASONS: Record<LrMarkerKind, string> = {
  suggested: '',
  steepest: 'steepest descent of the smoothed loss',
  'min-loss': 'the minimum of the smoothed loss ÷ 10',
  current: "the experiment's current learning rate",
};

/** A learning rate rounded to two significant digits ("3.2e-3" is what users write, not 0.0031622776). */
export function roundLearningRate(v: number): number {
  return Number(v.toPrecision(2));
}

/** "3.2e-3", "1e-2", "0.3" (plain below 1e-2 reads worse than the exponent form). */
export function formatLearningRate(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  if (v <= 0) return String(v);
  const r = roundLearningRate(v);
  if (r >= 0.01 && r < 1000) return String(r);
  return r.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
}

/**
 * The suggested learning rate first (with the reason it was chosen), then the alternatives that differ
 * from it, then the experiment's current rate. Each value appears once.
 */
export function lrSuggestions(finished: LrFindFinishedEvent): LrSuggestion[] {
  const out: LrSuggestion[] = [];
  const { steepest, minLossDividedBy10 } = finished.suggestions;
  const suggested = roundLearningRate(finished.suggestedLearningRate);
  const same = (v: number | undefined): boolean => v !== undefined && roundLearningRate(v) === suggested;
  const reason = same(steepest) ? REASONS.steepest : same(minLossDividedBy10) ? REASONS['min-loss'] : 'the range test\'s pick';
  out.push({ kind: 'suggested', learningRate: suggested, label: 'Suggested', reason });
  const add = (kind: LrMarkerKind, label: string, v: number | undefined): void => {
    if (v === undefined || !Number.isFinite(v) || v <= 0) return;
    const r = roundLearningRate(v);
    if (out.some((s) => s.learningRate === r)) return;
    out.push({ kind, learningRate: r, label, reason: REASONS[kind] });
  };
  add('steepest', 'Steepest descent', steepest);
  add('min-loss', 'Min loss ÷ 10', minLossDividedBy10);
  add('current', 'Current', finished.currentLearningRate);
  return out;
}

/** The sentence under the plot: "Suggested learning rate 3.2e-3 — steepest descent of the smoothed loss". */
export function suggestionSentence(s: LrSuggestion): string {
  return `Suggested learning rate ${formatLearningRate(s.learningRate)} — ${s.reason}`;
}

/** Why the range test stopped, in words. */
export function stoppedText(reason: LrFindFinishedEvent['stoppedBecause']): string {
  switch (reason) {
    case 'diverged':
      return 'stopped when the loss exploded (above 4× its best)';
    case 'max-learning-rate':
      return 'reached the maximum learning rate';
    case 'non-finite-loss':
      return 'stopped when the loss became NaN or infinite';
  }
}
