// One line chart in a titled card: Chart.js set up for live data (no animation, pre-parsed sorted points,
// linear x), themed from VS Code, with the title's figures and an optional HTML legend beside it.
import {
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartDataset,
  type TooltipItem,
} from 'chart.js';
import type { Point } from '../model/series';
import { formatNumber, tickLabels } from '../model/format';
import { el, replaceChildren } from './dom';
import type { Theme } from './theme';
import { withAlpha } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Filler);

export interface SeriesSpec {
  label: string;
  points: Point[];
  color: string;
  width?: number;
  /** Line opacity, 0..1 (default 1). */
  opacity?: number;
  dashed?: boolean;
  /** Fill down to another dataset of this chart (its index), for bands. */
  fillTo?: number;
  fillAlpha?: number;
  /** Draw point markers (epoch charts have few points). */
  markers?: boolean;
  /** Marks one point (e.g. the best epoch) with a larger marker. */
  highlightX?: number;
  /** Left out of the tooltip (band edges, reference lines). */
  noTooltip?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLog?: boolean;
  /** Values are fractions shown as percentages. */
  percent?: boolean;
  yMin?: number;
  yMax?: number;
  /** Text for the tooltip's label of one point; default "label: value". */
  tooltipLabel?: (series: SeriesSpec, y: number, x: number) => string | string[];
  /** Lines under a tooltip's items, e.g. a run's config. */
  tooltipFooter?: (series: SeriesSpec[]) => string[];
  small?: boolean;
}

export class LineChart {
  readonly root: HTMLElement;
  readonly titleRow: HTMLElement;
  readonly figures: HTMLElement;
  readonly note: HTMLElement;
  readonly legend: HTMLElement;
  private readonly canvasBox: HTMLElement;
  private readonly empty: HTMLElement;
  private chart?: Chart<'line', Point[]>;
  private series: SeriesSpec[] = [];

  constructor(
    private readonly options: ChartOptions,
    private theme: Theme,
  ) {
    this.figures = el('span', { class: 'figures' });
    this.titleRow = el('div', { class: 'chart-title' }, el('h3', {}, options.title), this.figures);
    this.note = el('div', { class: 'chart-note' });
    this.legend = el('div', { class: 'legend' });
    this.empty = el('div', { class: 'chart-empty' }, 'No data yet.');
    this.canvasBox = el('div', { class: options.small ? 'canvas-box small' : 'canvas-box' });
    this.root = el('section', { class: 'card chart-card is-empty', attrs: { 'data-chart': options.title } }, this.titleRow, this.legend, this.canvasBox, this.empty, this.note);
  }

  setFigures(...parts: (string | Node)[]): void {
    replaceChildren(this.figures, ...parts.flatMap((p, i) => (i === 0 ? [p] : [' · ', p])));
  }

  setEmptyText(text: string): void {
    this.empty.textContent = text;
  }

  setLog(log: boolean): void {
    if (this.options.yLog === log) return;
    this.options.yLog = log;
    this.chart?.destroy();
    this.chart = undefined;
    this.setSeries(this.series);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    if (!this.chart) return;
    this.chart.options = this.chartOptions();
    this.chart.data.datasets = this.series.map((s) => this.dataset(s));
    this.chart.update('none');
  }

  /** Replaces the drawn series; keeps the Chart instance (and the user's hidden lines) when the count is unchanged. */
  setSeries(series: SeriesSpec[]): void {
    this.series = series;
    const points = series.map((s) => s.points.filter((p) => p.y !== null).length);
    const hasData = points.some((n) => n > 0);
    this.root.classList.toggle('is-empty', !hasData);
    // What the chart holds, readable from the DOM (its canvas is not): points per series, for assistive
    // tools and the end-to-end tests that check what a person sees.
    this.root.dataset.points = points.join(',');
    if (!hasData) return;
    if (!this.chart) {
      const canvas = el('canvas');
      replaceChildren(this.canvasBox, canvas);
      this.chart = new Chart(canvas, { type: 'line', data: { datasets: series.map((s) => this.dataset(s)) }, options: this.chartOptions() });
      return;
    }
    const datasets = this.chart.data.datasets;
    if (datasets.length === series.length) {
      series.forEach((s, i) => {
        const next = this.dataset(s);
        Object.assign(datasets[i], next);
      });
    } else {
      this.chart.data.datasets = series.map((s) => this.dataset(s));
    }
    this.chart.update('none');
  }

  setVisible(index: number, visible: boolean): void {
    this.chart?.setDatasetVisibility(index, visible);
    this.chart?.update('none');
  }

  destroy(): void {
    this.chart?.destroy();
  }

  private dataset(s: SeriesSpec): ChartDataset<'line', Point[]> {
    const highlight = s.highlightX;
    // A lone point (one probe, one epoch) is invisible as a line: draw it as a marker.
    const markers = s.markers || s.points.filter((p) => p.y !== null).length === 1;
    return {
      label: s.label,
      data: s.points,
      borderColor: s.opacity !== undefined ? withAlpha(s.color, s.opacity) : s.color,
      backgroundColor: s.fillTo !== undefined ? withAlpha(s.color, s.fillAlpha ?? 0.2) : s.color,
      borderWidth: s.width ?? 1.5,
      borderDash: s.dashed ? [5, 4] : undefined,
      fill: s.fillTo !== undefined ? { target: s.fillTo } : false,
      pointRadius: highlight !== undefined ? (ctx) => ((ctx.raw as Point | undefined)?.x === highlight ? 5 : markers ? 2.5 : 0) : markers ? 2.5 : 0,
      pointHoverRadius: s.noTooltip ? 0 : 4,
      pointBackgroundColor: s.color,
      tension: 0,
      spanGaps: false,
    };
  }

  private chartOptions(): Chart<'line', Point[]>['options'] {
    const t = this.theme;
    const o = this.options;
    const tick = { color: t.muted, font: { family: t.fontFamily, size: t.fontSize - 2 } };
    const formatY = (v: number): string => (o.percent ? `${+(v * 100).toFixed(1)}%` : formatNumber(v, 3));
    return {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => !this.series[item.datasetIndex]?.noTooltip && (item.raw as Point).y !== null,
          callbacks: {
            title: (items) => (items.length ? `${o.xLabel} ${formatNumber((items[0].raw as Point).x)}` : ''),
            label: (item: TooltipItem<'line'>) => {
              const s = this.series[item.datasetIndex];
              const p = item.raw as Point;
              if (o.tooltipLabel && s) return o.tooltipLabel(s, p.y as number, p.x);
              return `${item.dataset.label}: ${formatY(p.y as number)}`;
            },
            footer: (items) => (o.tooltipFooter ? o.tooltipFooter(items.map((i) => this.series[i.datasetIndex]).filter((s) => s !== undefined)) : []),
          },
          backgroundColor: withAlpha(t.background, 0.95),
          titleColor: t.foreground,
          bodyColor: t.foreground,
          footerColor: t.muted,
          borderColor: t.grid,
          borderWidth: 1,
          titleFont: { family: t.fontFamily },
          bodyFont: { family: t.fontFamily },
          footerFont: { family: t.fontFamily, weight: 'normal' },
        },
      },
      scales: {
        x: {
          type: 'linear',
          // End the axis at the last step, not at the next round number.
          bounds: 'data',
          title: { display: true, text: o.xLabel, color: t.muted, font: tick.font },
          ticks: { ...tick, maxTicksLimit: 8, precision: 0, callback: (_v, i, ticks) => tickLabels(ticks.map((t) => t.value))[i] },
          grid: { color: t.grid },
          border: { color: t.grid },
        },
        y: {
          type: o.yLog ? 'logarithmic' : 'linear',
          min: o.yMin,
          max: o.yMax,
          // Labels from all the ticks at once: each gets the digits its spacing needs (not a fixed 3).
          ticks: { ...tick, maxTicksLimit: 6, callback: (_v, i, ticks) => (o.yLog ? formatY(ticks[i].value) : tickLabels(ticks.map((t) => t.value), o.percent)[i]) },
          grid: { color: t.grid },
          border: { color: t.grid },
        },
      },
    };
  }
}
