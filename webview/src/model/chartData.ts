// What each chart draws, computed from a RunModel: the point arrays (smoothed, downsampled, gaps for
// missing values) and the figures next to the titles. Pure, so the numbers are tested without a DOM.
import type { EpochEvent } from '../../../src/protocol/events';
import { isHigherBetter, metricPairs, type MetricPair } from './metrics';
import type { RunModel } from './runModel';
import { emaSmooth, pointsAt, positiveOnly, sharedIndices, summarize, type Point, type SeriesSummary } from './series';

/** Per-step series are cut to this many drawn points, whatever the run's length. */
export const MAX_POINTS = 2000;

export interface LineData {
  label: string;
  points: Point[];
}

export interface EpochChartData {
  pair: MetricPair;
  train?: LineData;
  val?: LineData;
  /** Figures for the title: of the validation series when there is one, else of the train series. */
  summary: SeriesSummary & { metric: string; bestEpoch?: number };
}

/** Epoch-level charts: loss first, then every metric, train and validation overlaid. x is the 1-based epoch. */
export function epochCharts(epochs: readonly EpochEvent[]): EpochChartData[] {
  return metricPairs(epochs.map((e) => e.metrics)).map((pair) => {
    const line = (key: string | undefined, label: string): LineData | undefined =>
      key === undefined ? undefined : { label, points: epochs.map((e) => ({ x: e.epoch + 1, y: numberOrNull(e.metrics[key]) })) };
    const train = line(pair.train, 'train');
    const val = line(pair.val, 'validation');
    const metric = (pair.val ?? pair.train) as string;
    const s = summarize(epochs.map((e) => numberOrNull(e.metrics[metric])), isHigherBetter(metric));
    return { pair, train, val, summary: { ...s, metric, bestEpoch: s.bestIndex === undefined ? undefined : epochs[s.bestIndex].epoch + 1 } };
  });
}

export interface StepLossData {
  raw: Point[];
  smoothed: Point[];
  summary: SeriesSummary;
  /** Steps recorded in all (the drawn arrays may hold fewer). */
  total: number;
}

/** Loss per step: raw values and their EMA, at the same (downsampled) steps so a tooltip shows both. */
export function stepLoss(model: RunModel, smoothing: number, logScale: boolean, maxPoints = MAX_POINTS): StepLossData {
  const smoothedAll = emaSmooth(model.stepLoss, smoothing);
  const indices = sharedIndices(model.stepX, [model.stepLoss], maxPoints);
  const clip = logScale ? positiveOnly : (p: Point[]) => p;
  return {
    raw: clip(pointsAt(model.stepX, model.stepLoss, indices)),
    smoothed: clip(pointsAt(model.stepX, smoothedAll, indices)),
    summary: summarize(model.stepLoss, false),
    total: model.stepX.length,
  };
}

export function stepLearningRate(model: RunModel, maxPoints = MAX_POINTS): LineData & { summary: SeriesSummary } {
  const indices = sharedIndices(model.stepX, [model.stepLearningRate], maxPoints);
  return { label: 'learning rate', points: pointsAt(model.stepX, model.stepLearningRate, indices), summary: summarize(model.stepLearningRate, false) };
}

export interface LayerLines {
  lines: (LineData & { layer: string; last?: number })[];
  /** Layers whose every value is 0 or missing: nothing to draw on a log scale, said in words instead. */
  flat: string[];
}

/** One line per layer (its kernel) of a per-step statistic, for log-scale charts. */
export function layerStatLines(model: RunModel, stat: 'gradNorm' | 'updateRatio', maxPoints = MAX_POINTS): LayerLines {
  const vars = model.layerVariables();
  const all = model[stat];
  const series = vars.map((v) => all[v.index] ?? []);
  const indices = sharedIndices(model.statsX, series, maxPoints);
  const lines: LayerLines['lines'] = [];
  const flat: string[] = [];
  vars.forEach((v, k) => {
    const ys = series[k];
    const s = summarize(ys, false);
    if (s.max === undefined || s.max <= 0) flat.push(v.layer);
    lines.push({ label: v.name, layer: v.layer, points: positiveOnly(pointsAt(model.statsX, ys, indices)), last: s.last });
  });
  return { lines, flat };
}

/** Names of the ACTIVATION_QUANTILES, in order. */
const QUANTILE_LABELS = ['p5', 'p25', 'median', 'p75', 'p95'];

export interface ActivationBands {
  layer: string;
  /** p5, p25, median, p75, p95 (ACTIVATION_QUANTILES order), or mean−std, mean, mean+std without histograms. */
  lines: LineData[];
  fromHistogram: boolean;
}

export function activationBands(model: RunModel, maxPoints = MAX_POINTS): ActivationBands[] {
  return model.probedLayers().map((p) => {
    const fromHistogram = p.quantiles[2].some((v) => v !== null);
    const ys = fromHistogram
      ? p.quantiles
      : [p.mean.map((m, i) => m - p.std[i]), p.mean, p.mean.map((m, i) => m + p.std[i])];
    const labels = fromHistogram ? QUANTILE_LABELS : ['mean − std', 'mean', 'mean + std'];
    const indices = sharedIndices(p.steps, ys, maxPoints);
    return { layer: p.layer, fromHistogram, lines: ys.map((y, i) => ({ label: labels[i], points: pointsAt(p.steps, y, indices) })) };
  });
}

export interface ParameterBands {
  layer: string;
  variable: string;
  /** p5, p25, median, p75, p95 (ACTIVATION_QUANTILES order). */
  lines: LineData[];
}

/** Each layer's kernel (its representative variable): the distribution of its weights or gradients over the run. */
export function parameterBands(model: RunModel, kind: 'weights' | 'gradients', maxPoints = MAX_POINTS): ParameterBands[] {
  const probes = kind === 'weights' ? model.weightProbes : model.gradientProbes;
  const out: ParameterBands[] = [];
  for (const v of model.layerVariables()) {
    const p = probes.get(v.name);
    if (!p || p.steps.length === 0) continue;
    const indices = sharedIndices(p.steps, p.quantiles, maxPoints);
    out.push({ layer: v.layer, variable: v.name, lines: p.quantiles.map((y, i) => ({ label: QUANTILE_LABELS[i], points: pointsAt(p.steps, y, indices) })) });
  }
  return out;
}

/** Dead-unit fraction of ReLU-family layers and saturated fraction of sigmoid/tanh/softmax layers over steps. */
export function unitHealthLines(model: RunModel, maxPoints = MAX_POINTS): (LineData & { layer: string; kind: 'dead' | 'saturated' })[] {
  const out: (LineData & { layer: string; kind: 'dead' | 'saturated' })[] = [];
  for (const p of model.probedLayers()) {
    for (const kind of ['dead', 'saturated'] as const) {
      const ys = p[kind];
      if (!ys.some((v) => v !== null)) continue;
      const indices = sharedIndices(p.steps, [ys], maxPoints);
      out.push({ label: `${p.layer} ${kind}`, layer: p.layer, kind, points: pointsAt(p.steps, ys, indices) });
    }
  }
  return out;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
