// The range test's chart: loss against the learning rate on a log axis (raw loss as faint points, the
// smoothed loss as the line) with labelled vertical markers at the suggested learning rates.
import { Chart, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type Plugin } from 'chart.js';
import type { LrPlot } from '../../model/workflow/lrCurve';
import { formatLearningRate } from '../../model/workflow/lrCurve';
import type { Point } from '../../model/series';
import { formatNumber, tickLabels } from '../../model/format';
import { el, replaceChildren } from '../dom';
import { withAlpha, type Theme } from '../theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export interface LrMarker {
  learningRate: number;
  label: string;
  color: string;
  dashed: boolean;
}

export class LrChart {
  readonly root: HTMLElement;
  private readonly box = el('div', { class: 'canvas-box lr-canvas' });
  private readonly empty = el('div', { class: 'chart-empty' }, 'Waiting for the first step…');
  private chart?: Chart<'line', Point[]>;
  private plot: LrPlot = { raw: [], smoothed: [] };
  private markers: LrMarker[] = [];

  constructor(private theme: Theme) {
    this.root = el('section', { class: 'card chart-card is-empty' }, el('div', { class: 'chart-title' }, el('h3', {}, 'Loss by learning rate')), this.box, this.empty);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.chart?.destroy();
    this.chart = undefined;
    this.draw();
  }

  update(plot: LrPlot, markers: LrMarker[]): void {
    this.plot = plot;
    this.markers = markers;
    this.draw();
  }

  private draw(): void {
    const hasData = this.plot.smoothed.some((p) => p.y !== null) || this.plot.raw.some((p) => p.y !== null);
    this.root.classList.toggle('is-empty', !hasData);
    if (!hasData) return;
    const t = this.theme;
    const datasets = [
      { label: 'loss', data: this.plot.raw, borderColor: withAlpha(t.foreground, 0.18), backgroundColor: withAlpha(t.foreground, 0.3), borderWidth: 1, pointRadius: 1.5, pointHoverRadius: 3, tension: 0, spanGaps: false },
      { label: 'smoothed loss', data: this.plot.smoothed, borderColor: t.blue, backgroundColor: t.blue, borderWidth: 2, pointRadius: 0, pointHoverRadius: 4, tension: 0, spanGaps: false },
    ];
    if (!this.chart) {
      const canvas = el('canvas', { attrs: { 'aria-label': 'Loss by learning rate, log scale' } });
      replaceChildren(this.box, canvas);
      this.chart = new Chart(canvas, { type: 'line', data: { datasets }, options: this.options(), plugins: [this.markerPlugin()] });
      return;
    }
    datasets.forEach((d, i) => Object.assign(this.chart!.data.datasets[i], d));
    const y = this.chart.options.scales!.y!;
    y.min = this.plot.yMin;
    y.max = this.plot.yMax;
    this.chart.update('none');
  }

  private options(): Chart<'line', Point[]>['options'] {
    const t = this.theme;
    const tick = { color: t.muted, font: { family: t.fontFamily, size: t.fontSize - 2 } };
    return {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      // Room above the plot for the marker labels.
      layout: { padding: { top: 34 } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => (item.raw as Point).y !== null,
          callbacks: {
            title: (items) => (items.length ? `learning rate ${formatLearningRate((items[0].raw as Point).x)}` : ''),
            label: (item) => `${item.dataset.label}: ${formatNumber((item.raw as Point).y, 4)}`,
          },
          backgroundColor: withAlpha(t.background, 0.95),
          titleColor: t.foreground,
          bodyColor: t.foreground,
          borderColor: t.grid,
          borderWidth: 1,
          titleFont: { family: t.fontFamily },
          bodyFont: { family: t.fontFamily },
        },
      },
      scales: {
        x: {
          type: 'logarithmic',
          bounds: 'data',
          title: { display: true, text: 'learning rate (log scale)', color: t.muted, font: tick.font },
          ticks: {
            ...tick,
            autoSkip: true,
            maxRotation: 0,
            // Label the decades only; Chart.js also puts ticks at 2×, 5× which crowd the axis.
            callback: (v) => (Number.isInteger(Math.round(Math.log10(Number(v)) * 1e6) / 1e6) ? formatLearningRate(Number(v)) : ''),
          },
          grid: { color: t.grid },
          border: { color: t.grid },
        },
        y: {
          type: 'linear',
          min: this.plot.yMin,
          max: this.plot.yMax,
          title: { display: true, text: 'loss', color: t.muted, font: tick.font },
          ticks: { ...tick, maxTicksLimit: 6, callback: (_v, i, ticks) => tickLabels(ticks.map((t) => t.value))[i] },
          grid: { color: t.grid },
          border: { color: t.grid },
        },
      },
    };
  }

  /** Vertical lines with their labels above the plot area, staggered in two rows so close ones stay readable. */
  private markerPlugin(): Plugin<'line'> {
    return {
      id: 'lrMarkers',
      afterDatasetsDraw: (chart) => {
        const { ctx, chartArea, scales } = chart;
        const x = scales.x;
        const t = this.theme;
        ctx.save();
        ctx.font = `${t.fontSize - 1}px ${t.fontFamily}`;
        ctx.textBaseline = 'bottom';
        const sorted = [...this.markers].sort((a, b) => a.learningRate - b.learningRate);
        let lastRight = -Infinity;
        let row = 0;
        for (const m of sorted) {
          const px = x.getPixelForValue(m.learningRate);
          if (!Number.isFinite(px) || px < chartArea.left - 1 || px > chartArea.right + 1) continue;
          ctx.strokeStyle = m.color;
          ctx.lineWidth = 1.5;
          ctx.setLineDash(m.dashed ? [4, 4] : []);
          ctx.beginPath();
          ctx.moveTo(px, chartArea.top);
          ctx.lineTo(px, chartArea.bottom);
          ctx.stroke();
          const text = `${m.label} ${formatLearningRate(m.learningRate)}`;
          const width = ctx.measureText(text).width;
          const left = Math.min(Math.max(px - width / 2, 0), chart.width - width);
          row = left < lastRight + 6 ? 1 - row : 0;
          lastRight = left + width;
          ctx.fillStyle = m.color;
          ctx.fillText(text, left, chartArea.top - 4 - row * (t.fontSize + 3));
        }
        ctx.restore();
      },
    };
  }
}
