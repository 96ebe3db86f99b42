// The compare view: the selected runs' curves overlaid (one stable colour per run), a legend with
// each run's id, experiment and note, the config keys that differ, and final/best metrics per run.
import type { RunSnapshot } from '../../../src/protocol/dashboard';
import { diffConfigs } from '../model/config';
import { formatMetric, formatValue } from '../model/format';
import { isFraction, isHigherBetter, metricPairs } from '../model/metrics';
import { RunModel } from '../model/runModel';
import { finite } from '../model/series';
import { LineChart, type SeriesSpec } from './chart';
import { statusText } from './header';
import { legendItem } from './curves';
import { el, linkButton, replaceChildren } from './dom';
import { readTheme, type Theme } from './theme';
import { post } from './vscode';
import { DEFAULT_UI } from './context';

interface ComparedRun {
  model: RunModel;
  colorIndex: number;
}

export class CompareView {
  private readonly runs: ComparedRun[];
  private theme: Theme = readTheme();
  private readonly charts = new Map<string, LineChart>();
  private readonly legend = el('div', { class: 'card compare-legend' });
  private readonly chartGrid = el('div', { class: 'grid' });
  private readonly tables = el('div', {});
  private frame = 0;

  constructor(
    private readonly root: HTMLElement,
    snapshots: RunSnapshot[],
  ) {
    this.runs = snapshots.map((s) => ({ model: new RunModel(s.record, s.events), colorIndex: s.colorIndex }));
    replaceChildren(root, el('header', { class: 'run-header' }, el('div', { class: 'title-row' }, el('h1', {}, `Compare ${snapshots.length} runs`))), this.legend, this.chartGrid, this.tables);
    this.render();
  }

  model(runId: string): RunModel | undefined {
    return this.runs.find((r) => r.model.runId === runId)?.model;
  }

  invalidate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    for (const c of this.charts.values()) c.setTheme(theme);
    this.render();
  }

  private color(run: ComparedRun): string {
    return this.theme.palette[run.colorIndex % this.theme.palette.length];
  }

  private render(): void {
    for (const r of this.runs) r.model.takeChanges();
    if (this.runs.length === 0) {
      replaceChildren(this.root, el('div', { class: 'callout' }, 'No runs to compare. Select two or more runs in the Experiments view and choose Compare Runs.'));
      return;
    }
    this.renderLegend();
    this.renderCharts();
    this.renderTables();
  }

  private renderLegend(): void {
    replaceChildren(
      this.legend,
      ...this.runs.map((r) => {
        const rec = r.model.record;
        return el(
          'div',
          { class: `compare-run${r.model.deleted ? ' deleted' : ''}` },
          legendItem(this.color(r), r.model.deleted ? el('span', {}, rec.runId) : linkButton(rec.runId, () => post({ type: 'open-run', runId: rec.runId }), 'Open this run\'s dashboard')),
          el('span', {}, ` ${rec.experiment}`),
          el('span', { class: `badge status-${r.model.deleted ? 'deleted' : rec.status}` }, r.model.deleted ? 'deleted' : statusText({ model: r.model, theme: this.theme, ui: DEFAULT_UI, rules: new Map(), saveUi: () => undefined })),
          rec.notes ? el('span', { class: 'muted' }, ` “${rec.notes}”`) : null,
        );
      }),
    );
  }

  private renderCharts(): void {
    const pairs = metricPairs(this.runs.flatMap((r) => r.model.epochs.map((e) => e.metrics)));
    const keys: { key: string; title: string }[] = [];
    for (const p of pairs) {
      if (p.val) keys.push({ key: p.val, title: `${p.val} per epoch` });
    }
    const loss = pairs.find((p) => p.name === 'loss');
    if (loss?.train) keys.push({ key: loss.train, title: 'Train loss per epoch' });
    for (const p of pairs) if (p.name !== 'loss' && p.train && !p.val) keys.push({ key: p.train, title: `${p.train} per epoch` });
    if (keys.length === 0) keys.push({ key: 'val_loss', title: 'val_loss per epoch' });
    const differences = diffConfigs(this.runs.map((r) => r.model.record.config));
    for (const { key, title } of keys) {
      let chart = this.charts.get(key);
      if (!chart) {
        chart = new LineChart(
          {
            title,
            xLabel: 'epoch',
            percent: isFraction(key),
            tooltipLabel: (s, y) => `${s.label}: ${formatMetric(key, y)}`,
            // A run's differing config in the tooltip answers "which settings gave this curve".
            tooltipFooter: (series) =>
              differences.length === 0
                ? []
                : series.flatMap((s) => {
                    const i = this.runs.findIndex((r) => r.model.runId === s.label);
                    return i < 0 ? [] : [`${s.label}: ${differences.slice(0, 6).map((d) => `${d.path}=${formatValue(d.values[i])}`).join(', ')}`];
                  }),
          },
          this.theme,
        );
        chart.setEmptyText('No run has completed an epoch with this metric.');
        this.charts.set(key, chart);
        this.chartGrid.append(chart.root);
      }
      const series: SeriesSpec[] = this.runs.map((r) => ({
        label: r.model.runId,
        points: r.model.epochs.map((e) => ({ x: e.epoch + 1, y: finite(e.metrics[key]) ? e.metrics[key] : null })),
        color: this.color(r),
        markers: r.model.epochs.length < 30,
      }));
      chart.setSeries(series);
    }
  }

  private renderTables(): void {
    const differences = diffConfigs(this.runs.map((r) => r.model.record.config));
    const head = el('tr', {}, el('th', {}, 'Config key'), ...this.runs.map((r) => el('th', {}, legendItem(this.color(r), r.model.runId))));
    const configTable = el(
      'section',
      { class: 'card' },
      el('h3', {}, 'Config differences'),
      differences.length === 0
        ? el('p', { class: 'muted' }, 'The runs have the same config.')
        : el('table', { class: 'table' }, el('thead', {}, head), el('tbody', {}, ...differences.map((d) => el('tr', {}, el('td', { class: 'mono' }, d.path), ...d.values.map((v) => el('td', { class: 'mono' }, formatValue(v))))))),
    );

    const metricKeys = metricPairs(this.runs.flatMap((r) => (r.model.record.metrics ? [r.model.record.metrics] : []))).flatMap((p) => [p.train, p.val].filter((k): k is string => !!k));
    // The best value of each metric column is marked, in the metric's own direction.
    const bestOf = (key: string): number | undefined => {
      const values = this.runs.map((r) => r.model.record.metrics?.[key]).filter(finite);
      if (!values.length) return undefined;
      return isHigherBetter(key) ? Math.max(...values) : Math.min(...values);
    };
    const best = new Map(metricKeys.map((k) => [k, bestOf(k)]));
    const metricsTable = el(
      'section',
      { class: 'card' },
      el('h3', {}, 'Final metrics'),
      el(
        'table',
        { class: 'table' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Run'), el('th', {}, 'Status'), el('th', { class: 'num' }, 'Epochs'), ...metricKeys.map((k) => el('th', { class: 'num' }, k)), el('th', { class: 'num' }, 'Best epoch'), el('th', { class: 'num' }, 'Best val_loss'))),
        el(
          'tbody',
          {},
          ...this.runs.map((r) => {
            const rec = r.model.record;
            return el(
              'tr',
              {},
              el('td', {}, legendItem(this.color(r), rec.runId)),
              el('td', {}, rec.status),
              el('td', { class: 'num' }, `${rec.epochsCompleted}/${rec.epochs}`),
              ...metricKeys.map((k) => {
                const v = rec.metrics?.[k];
                return el('td', { class: `num${v !== undefined && v === best.get(k) && this.runs.length > 1 ? ' best' : ''}` }, formatMetric(k, v));
              }),
              el('td', { class: 'num' }, rec.bestEpoch !== undefined ? String(rec.bestEpoch + 1) : '–'),
              el('td', { class: 'num' }, formatMetric('val_loss', rec.bestMetrics?.val_loss)),
            );
          }),
        ),
      ),
    );
    replaceChildren(this.tables, metricsTable, configTable);
  }
}
