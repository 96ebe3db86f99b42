// The Layers tab: gradient norms and update ratios per layer (log), dead/saturated unit fractions, and
// each layer's activation distribution over time as quantile bands, and its kernel's weight and gradient
// distributions (recorded once an epoch). Layer names link to their lines.
import { activationBands, layerStatLines, parameterBands, unitHealthLines, type LineData } from '../model/chartData';
import { formatNumber } from '../model/format';
import type { Section } from '../model/runModel';
import { LineChart, type SeriesSpec } from './chart';
import { layerLink, type RunContext } from './context';
import { legendItem } from './curves';
import { el, replaceChildren } from './dom';
import type { Theme } from './theme';

/** Update ratios around 1e-3 are the usual healthy range; the chart draws it as a reference. */
const TYPICAL_UPDATE_RATIO = 1e-3;

export class LayersView {
  readonly root = el('div', { class: 'tab-body' });
  private readonly gradChart: LineChart;
  private readonly ratioChart: LineChart;
  private readonly healthChart: LineChart;
  private readonly bandsGrid = el('div', { class: 'grid small-multiples' });
  private readonly bandCharts = new Map<string, LineChart>();
  private readonly parameterSections = {
    weights: { root: el('div'), grid: el('div', { class: 'grid small-multiples' }), charts: new Map<string, LineChart>() },
    gradients: { root: el('div'), grid: el('div', { class: 'grid small-multiples' }), charts: new Map<string, LineChart>() },
  };
  private readonly emptyNote = el('div', { class: 'callout' });

  constructor(private readonly ctx: RunContext) {
    const t = ctx.theme;
    this.gradChart = new LineChart({ title: 'Gradient norm ‖g‖ per layer', xLabel: 'step', yLog: true }, t);
    this.ratioChart = new LineChart({ title: 'Update ratio ‖Δw‖ / ‖w‖ per layer', xLabel: 'step', yLog: true }, t);
    this.healthChart = new LineChart({ title: 'Dead and saturated units', xLabel: 'step', percent: true, yMin: 0, yMax: 1 }, t);
    replaceChildren(
      this.root,
      this.emptyNote,
      el('div', { class: 'grid' }, this.gradChart.root, this.ratioChart.root, this.healthChart.root),
      el('h2', {}, 'Activation distributions'),
      el('p', { class: 'hint' }, 'Each layer\'s output on a fixed probe batch: the line is the median, the bands hold the middle 50% and 90% of values.'),
      this.bandsGrid,
      this.parameterSections.weights.root,
      this.parameterSections.gradients.root,
    );
    const { weights, gradients } = this.parameterSections;
    weights.root.hidden = gradients.root.hidden = true;
    replaceChildren(
      weights.root,
      el('h2', {}, 'Weight distributions'),
      el('p', { class: 'hint' }, 'Each layer\'s kernel at the first probe of every epoch: a spread that collapses to zero or keeps growing shows here before the loss does.'),
      weights.grid,
    );
    replaceChildren(
      gradients.root,
      el('h2', {}, 'Gradient distributions'),
      el('p', { class: 'hint' }, 'The gradient of each layer\'s kernel on one training batch, first probe of every epoch: bands shrinking toward 0 layer after layer is a vanishing gradient.'),
      gradients.grid,
    );
  }

  update(changes: Set<Section>): void {
    if (changes.has('stats') || changes.has('header')) this.renderStats();
    if (changes.has('probes') || changes.has('header')) this.renderProbes();
    const { model } = this.ctx;
    const noStats = model.statsX.length === 0;
    const noProbes = model.layerProbes.size === 0;
    this.emptyNote.hidden = !(noStats && noProbes);
    this.emptyNote.textContent = !model.started
      ? 'Waiting for training to start…'
      : model.started.probeInterval === 0 && noStats
        ? 'Probes are off for this run (probeInterval 0), so there are no per-layer statistics.'
        : 'No per-layer statistics recorded yet.';
  }

  setTheme(theme: Theme): void {
    const parameterCharts = Object.values(this.parameterSections).flatMap((s) => [...s.charts.values()]);
    for (const c of [this.gradChart, this.ratioChart, this.healthChart, ...this.bandCharts.values(), ...parameterCharts]) c.setTheme(theme);
  }

  private renderStats(): void {
    const { model, theme } = this.ctx;
    for (const [chart, stat] of [
      [this.gradChart, 'gradNorm'],
      [this.ratioChart, 'updateRatio'],
    ] as const) {
      const { lines, flat } = layerStatLines(model, stat);
      const series: SeriesSpec[] = lines.map((l, i) => ({ label: l.label, points: l.points, color: theme.palette[i % theme.palette.length] }));
      if (stat === 'updateRatio' && lines.some((l) => l.points.length > 1)) {
        const xs = lines.flatMap((l) => (l.points.length ? [l.points[0].x, l.points[l.points.length - 1].x] : []));
        series.push({
          label: 'typical 1e-3',
          points: [{ x: Math.min(...xs), y: TYPICAL_UPDATE_RATIO }, { x: Math.max(...xs), y: TYPICAL_UPDATE_RATIO }],
          color: theme.muted,
          dashed: true,
          width: 1,
          noTooltip: true,
        });
      }
      chart.setSeries(series);
      chart.setEmptyText(model.started ? 'No gradient statistics recorded yet.' : 'Waiting for training to start…');
      replaceChildren(
        chart.legend,
        ...lines.map((l, i) =>
          legendItem(theme.palette[i % theme.palette.length], el('span', {}, layerLink(model, l.layer), el('span', { class: 'muted' }, ` ${formatNumber(l.last)}`))),
        ),
        stat === 'updateRatio' && lines.length ? el('span', { class: 'legend-item muted' }, '- - typical ≈ 1e-3') : null,
      );
      replaceChildren(chart.note, flat.length ? `Always 0 (not drawn on a log scale): ${flat.join(', ')}` : '');
    }
  }

  private renderProbes(): void {
    const { model, theme } = this.ctx;
    const health = unitHealthLines(model);
    this.healthChart.setSeries(
      health.map((l, i) => ({ label: l.label, points: l.points, color: theme.palette[i % theme.palette.length], dashed: l.kind === 'saturated', markers: l.points.length < 40 })),
    );
    this.healthChart.setEmptyText(model.layerProbes.size ? 'No ReLU, sigmoid, tanh or softmax layer to measure.' : 'No probe recorded yet.');
    replaceChildren(
      this.healthChart.legend,
      ...health.map((l, i) =>
        legendItem(theme.palette[i % theme.palette.length], el('span', {}, layerLink(model, l.layer), ` ${l.kind}`, el('span', { class: 'muted' }, ` ${pct(l.points[l.points.length - 1]?.y)}`))),
      ),
    );

    const layerInfo = new Map((model.started?.model.layers ?? []).map((l) => [l.name, l]));
    activationBands(model).forEach((band, i) => {
      let chart = this.bandCharts.get(band.layer);
      if (!chart) {
        chart = new LineChart({ title: band.layer, xLabel: 'step', small: true }, theme);
        this.bandCharts.set(band.layer, chart);
        this.bandsGrid.append(chart.root);
      }
      const info = layerInfo.get(band.layer);
      replaceChildren(chart.titleRow, el('h3', {}, layerLink(model, band.layer)), el('span', { class: 'figures' }, [info?.className, info?.activation].filter(Boolean).join(' · ')));
      chart.setSeries(bandSeries(band.lines, band.fromHistogram, theme.palette[i % theme.palette.length]));
    });
    this.renderParameterBands('weights');
    this.renderParameterBands('gradients');
  }

  private renderParameterBands(kind: 'weights' | 'gradients'): void {
    const { model, theme } = this.ctx;
    const section = this.parameterSections[kind];
    const bands = parameterBands(model, kind);
    section.root.hidden = bands.length === 0;
    bands.forEach((band, i) => {
      let chart = section.charts.get(band.variable);
      if (!chart) {
        chart = new LineChart({ title: band.variable, xLabel: 'step', small: true }, theme);
        section.charts.set(band.variable, chart);
        section.grid.append(chart.root);
      }
      replaceChildren(chart.titleRow, el('h3', {}, layerLink(model, band.layer)), el('span', { class: 'figures' }, band.variable.slice(band.variable.lastIndexOf('/') + 1)));
      const series = bandSeries(band.lines, true, theme.palette[i % theme.palette.length]);
      // Once an epoch makes few points: mark them on the median.
      series[2].markers = band.lines[2].points.length < 40;
      chart.setSeries(series);
    });
  }
}

/** Quantile bands (p5…p95: median line, 50% and 90% fills) or mean ± std (mean line, one fill). */
function bandSeries(lines: LineData[], fromHistogram: boolean, color: string): SeriesSpec[] {
  const [lo, ...rest] = lines;
  return fromHistogram
    ? [
        { label: 'p5', points: lo.points, color, width: 0, noTooltip: false },
        { label: 'p25', points: rest[0].points, color, width: 0, fillTo: 0, fillAlpha: 0.15 },
        { label: 'median', points: rest[1].points, color, width: 2 },
        { label: 'p75', points: rest[2].points, color, width: 0, fillTo: 1, fillAlpha: 0.35 },
        { label: 'p95', points: rest[3].points, color, width: 0, fillTo: 3, fillAlpha: 0.15 },
      ]
    : [
        { label: 'mean − std', points: lo.points, color, width: 0 },
        { label: 'mean', points: rest[0].points, color, width: 2 },
        { label: 'mean + std', points: rest[1].points, color, width: 0, fillTo: 0, fillAlpha: 0.25 },
      ];
}

function pct(v: number | null | undefined): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(0)}%` : '';
}
