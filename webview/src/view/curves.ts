// The Curves tab: loss and every metric per epoch (train vs validation), loss per step with EMA
// smoothing, and the learning rate per step.
import { epochCharts, stepLearningRate, stepLoss, type EpochChartData } from '../model/chartData';
import { formatMetric, formatNumber } from '../model/format';
import { isFraction } from '../model/metrics';
import type { Section } from '../model/runModel';
import { LineChart } from './chart';
import type { RunContext } from './context';
import { el, replaceChildren } from './dom';
import type { Theme } from './theme';

export class CurvesView {
  readonly root = el('div', { class: 'tab-body' });
  private readonly epochGrid = el('div', { class: 'grid' });
  private readonly epochCharts = new Map<string, LineChart>();
  private readonly stepChart: LineChart;
  private readonly lrChart: LineChart;
  private readonly smoothingLabel = el('span', { class: 'value' });

  constructor(private readonly ctx: RunContext) {
    this.stepChart = new LineChart(
      {
        title: 'Loss per step',
        xLabel: 'step',
        yLog: ctx.ui.logScale,
        tooltipLabel: (s, y) => `${s.label}: ${formatNumber(y)}`,
      },
      ctx.theme,
    );
    this.lrChart = new LineChart({ title: 'Learning rate per step', xLabel: 'step', small: true }, ctx.theme);
    const slider = el('input', { attrs: { type: 'range', min: '0', max: '0.99', step: '0.01', 'aria-label': 'Smoothing' } });
    slider.value = String(ctx.ui.smoothing);
    slider.addEventListener('input', () => {
      ctx.ui.smoothing = Number(slider.value);
      this.renderSteps();
      ctx.saveUi();
    });
    const log = el('input', { attrs: { type: 'checkbox' } });
    log.checked = ctx.ui.logScale;
    log.addEventListener('change', () => {
      ctx.ui.logScale = log.checked;
      this.stepChart.setLog(log.checked);
      this.epochCharts.get('loss')?.setLog(log.checked);
      this.renderSteps();
      ctx.saveUi();
    });
    const toolbar = el(
      'div',
      { class: 'toolbar' },
      el('label', { title: 'Exponential moving average of the per-step loss; hover a point for the raw value' }, 'Smoothing ', slider, this.smoothingLabel),
      el('label', {}, log, ' Log scale (loss)'),
    );
    replaceChildren(this.root, toolbar, this.epochGrid, el('div', { class: 'grid' }, this.stepChart.root, this.lrChart.root));
    this.epochGrid.append(this.epochChart('loss', 'Loss per epoch').root);
  }

  update(changes: Set<Section>): void {
    if (changes.has('epochs') || changes.has('header')) this.renderEpochs();
    if (changes.has('steps') || changes.has('header')) this.renderSteps();
  }

  setTheme(theme: Theme): void {
    for (const c of [...this.epochCharts.values(), this.stepChart, this.lrChart]) c.setTheme(theme);
  }

  private epochChart(name: string, title: string): LineChart {
    let chart = this.epochCharts.get(name);
    if (!chart) {
      chart = new LineChart(
        {
          title,
          xLabel: 'epoch',
          yLog: name === 'loss' && this.ctx.ui.logScale,
          percent: isFraction(name),
          tooltipLabel: (s, y) => `${s.label}: ${formatMetric(name, y)}`,
        },
        this.ctx.theme,
      );
      chart.setEmptyText(this.noEpochText());
      this.epochCharts.set(name, chart);
      this.epochGrid.append(chart.root);
    }
    return chart;
  }

  private noEpochText(): string {
    const { model } = this.ctx;
    if (model.record.status === 'running') return model.started ? 'The first epoch is still running: per-step loss is below.' : 'Waiting for training to start…';
    return 'No epoch completed in this run.';
  }

  private renderEpochs(): void {
    const { palette } = this.ctx.theme;
    const data = epochCharts(this.ctx.model.epochs);
    if (data.length === 0) this.epochChart('loss', 'Loss per epoch').setEmptyText(this.noEpochText());
    for (const d of data) {
      const chart = this.epochChart(d.pair.name, d.pair.name === 'loss' ? 'Loss per epoch' : `${d.pair.name} per epoch`);
      const best = d.summary.bestEpoch;
      chart.setSeries([
        ...(d.train ? [{ label: d.train.label, points: d.train.points, color: palette[0], markers: true }] : []),
        ...(d.val ? [{ label: d.val.label, points: d.val.points, color: palette[1], markers: true, highlightX: best }] : []),
      ]);
      chart.setFigures(...this.epochFigures(d));
      replaceChildren(
        chart.legend,
        d.train ? legendItem(palette[0], 'train') : null,
        d.val ? legendItem(palette[1], 'validation') : null,
      );
    }
  }

  private epochFigures(d: EpochChartData): string[] {
    const m = d.summary.metric;
    const f = (v: number | undefined): string => formatMetric(m, v);
    if (d.summary.last === undefined) return [];
    return [`best ${f(d.summary.best)} (epoch ${d.summary.bestEpoch})`, `min ${f(d.summary.min)}`, `max ${f(d.summary.max)}`, `last ${f(d.summary.last)}`, m];
  }

  private renderSteps(): void {
    const { model, theme, ui } = this.ctx;
    this.smoothingLabel.textContent = ui.smoothing.toFixed(2);
    const loss = stepLoss(model, ui.smoothing, ui.logScale);
    this.stepChart.setEmptyText(model.started ? 'No step recorded yet.' : 'Waiting for training to start…');
    this.stepChart.setSeries([
      // The raw line is faint so the smoothed trend reads first; its values show on hover.
      { label: 'loss (raw)', points: loss.raw, color: theme.palette[0], width: 1, opacity: 0.35 },
      { label: `loss (EMA ${ui.smoothing.toFixed(2)})`, points: loss.smoothed, color: theme.palette[0], width: 2 },
    ]);
    const s = loss.summary;
    this.stepChart.setFigures(
      ...(s.last === undefined ? [] : [`min ${formatNumber(s.min)}`, `max ${formatNumber(s.max)}`, `last ${formatNumber(s.last)}`]),
      `${loss.total.toLocaleString('en-US')} steps${loss.raw.length < loss.total ? ` (${loss.raw.length} drawn)` : ''}`,
    );
    const lr = stepLearningRate(model);
    this.lrChart.setEmptyText(model.started ? 'No step recorded yet.' : 'Waiting for training to start…');
    this.lrChart.setSeries([{ label: 'learning rate', points: lr.points, color: theme.palette[2] }]);
    this.lrChart.setFigures(
      ...(lr.summary.last === undefined ? [] : lr.summary.min === lr.summary.max ? [`constant ${formatNumber(lr.summary.last)}`] : [`min ${formatNumber(lr.summary.min)}`, `max ${formatNumber(lr.summary.max)}`, `last ${formatNumber(lr.summary.last)}`]),
    );
  }
}

export function legendItem(color: string, label: string | Node): HTMLElement {
  const swatch = el('span', { class: 'swatch' });
  swatch.style.backgroundColor = color;
  return el('span', { class: 'legend-item' }, swatch, label);
}
