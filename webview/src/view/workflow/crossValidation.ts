// A cross-validation: header, one table row per fold with a final mean ± std row, and a bar chart of one
// metric per fold with the mean as a dashed line (SVG built through the DOM).
import type { WorkflowView } from '../../../../src/protocol/workflow';
import { foldMetricNames, foldRows, formatMeanStd, mainFoldMetric, meanStd, type FoldRow } from '../../model/workflow/cvSummary';
import { formatMetric } from '../../model/format';
import { isFraction } from '../../model/metrics';
import { linearTicks } from '../../model/workflow/parallelCoordinates';
import { statusLabel } from '../../model/workflow/sweepTable';
import { el, linkButton, replaceChildren } from '../dom';
import type { Theme } from '../theme';
import { groupHeader } from './groupHeader';
import { loadUi, post, saveState } from './host';
import { svg, tooltip } from './svg';

type CrossValidationView = Extract<WorkflowView, { kind: 'cross-validation' }>;

export class CrossValidationPanel {
  private readonly header = el('div');
  private readonly tableCard = el('section', { class: 'card' });
  private readonly chartCard = el('section', { class: 'card cv-chart-card' });
  private readonly ui: { metric?: string };
  private view: CrossValidationView;

  constructor(
    root: HTMLElement,
    view: CrossValidationView,
    private theme: Theme,
  ) {
    this.view = view;
    const saved = loadUi('cross-validation', view.record.id);
    this.ui = { metric: typeof saved.metric === 'string' ? saved.metric : undefined };
    replaceChildren(root, this.header, el('div', { class: 'cv-layout' }, this.tableCard, this.chartCard));
    this.render(view);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.render(this.view);
  }

  render(view: CrossValidationView): void {
    this.view = view;
    const { record } = view;
    const rows = foldRows(record, view.runs);
    const metrics = foldMetricNames(rows);
    const done = rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
    const runIds = rows.map((r) => r.runId).filter((id): id is string => !!id);
    const compare = el('button', { class: 'secondary', title: 'Open the compare view on the folds', onClick: () => runIds.length && post({ type: 'compare-runs', runIds }) }, 'Compare folds');
    compare.disabled = runIds.length === 0;
    replaceChildren(
      this.header,
      groupHeader(
        record,
        `Cross-validation: ${record.experiment}`,
        record.status === 'running' ? `running · ${done}/${rows.length} folds done` : record.status,
        [
          ['folds', String(record.folds)],
          ['stratified', record.stratified ? 'yes' : 'no'],
          ['done', `${done}/${rows.length}`],
        ],
        [compare],
      ),
    );
    this.renderTable(rows, metrics);
    const metric = this.ui.metric && metrics.includes(this.ui.metric) ? this.ui.metric : mainFoldMetric(metrics);
    this.renderChart(rows, metrics, metric);
    saveState({ kind: 'cross-validation', groupId: record.id, ui: { ...this.ui } });
  }

  private renderTable(rows: FoldRow[], metrics: string[]): void {
    const head = el('tr', {}, el('th', { class: 'num' }, 'Fold'), el('th', {}, 'Run'), el('th', {}, 'Status'), el('th', { class: 'num' }, 'Epochs'), ...metrics.map((m) => el('th', { class: 'num' }, m)));
    const body = rows.map((r) =>
      el(
        'tr',
        { class: r.status === 'pending' ? 'pending-row' : '' },
        el('td', { class: 'num' }, String(r.fold + 1)),
        el('td', { class: 'mono' }, r.runId ? linkButton(r.runId, () => post({ type: 'open-run', runId: r.runId! }), "Open this fold's run dashboard") : el('span', { class: 'muted' }, '–')),
        el('td', {}, el('span', { class: `status-text status-${r.status}` }, statusLabel({ ...r, index: r.fold, params: {}, best: false }))),
        el('td', { class: 'num' }, r.epochsCompleted === undefined ? '–' : r.epochs ? `${r.epochsCompleted}/${r.epochs}` : String(r.epochsCompleted)),
        ...metrics.map((m) => el('td', { class: 'num' }, formatMetric(m, r.metrics[m]))),
      ),
    );
    const completed = rows.filter((r) => r.status === 'completed').length;
    const foot = el(
      'tr',
      { class: 'mean-row' },
      el('td', { attrs: { colspan: '4' } }, `mean ± std over ${completed} completed fold${completed === 1 ? '' : 's'}`),
      ...metrics.map((m) => el('td', { class: 'num' }, formatMeanStd(m, meanStd(rows, m)))),
    );
    replaceChildren(
      this.tableCard,
      el('h3', {}, 'Folds'),
      metrics.length === 0 && completed === 0 ? el('p', { class: 'muted' }, 'No fold has finished yet.') : null,
      el('div', { class: 'table-scroll' }, el('table', { class: 'table cv-table' }, el('thead', {}, head), el('tbody', {}, ...body), el('tfoot', {}, foot))),
    );
  }

  private renderChart(rows: FoldRow[], metrics: string[], metric: string | undefined): void {
    if (!metric) {
      replaceChildren(this.chartCard, el('h3', {}, 'Per fold'), el('p', { class: 'muted' }, 'The chart appears when a fold has finished.'));
      return;
    }
    const select = el('select', { attrs: { 'aria-label': 'Metric per fold' } }, ...metrics.map((m) => el('option', { attrs: { value: m } }, m)));
    select.value = metric;
    select.addEventListener('change', () => {
      this.ui.metric = select.value;
      this.render(this.view);
      this.chartCard.querySelector('select')?.focus();
    });
    const summary = meanStd(rows, metric);
    replaceChildren(
      this.chartCard,
      el('div', { class: 'chart-title' }, el('h3', {}, 'Per fold'), el('span', { class: 'figures' }, `mean ${formatMeanStd(metric, summary)}`)),
      el('div', { class: 'toolbar' }, el('label', {}, 'Metric', select)),
      this.barChart(rows, metric, summary.mean),
    );
  }

  /** One bar per fold (completed folds solid, others faint) from the axis floor, the mean as a dashed line. */
  private barChart(rows: FoldRow[], metric: string, mean: number | undefined): SVGSVGElement {
    const t = this.theme;
    const width = 360;
    const height = 220;
    const m = { top: 14, right: 12, bottom: 28, left: 52 };
    const values = rows.map((r) => r.metrics[metric]).filter((v): v is number => Number.isFinite(v));
    // The axis spans the folds' values with room around them, so a fold a few points off stands out.
    const vmin = values.length ? Math.min(...values) : 0;
    const vmax = values.length ? Math.max(...values) : 1;
    const span = vmax - vmin || Math.abs(vmax) * 0.1 || 1;
    const lo = vmin >= 0 ? Math.max(0, vmin - span) : vmin - span;
    const hi = isFraction(metric) && vmax <= 1 ? Math.min(1, vmax + span * 0.3) : vmax + span * 0.3;
    const innerW = width - m.left - m.right;
    const innerH = height - m.top - m.bottom;
    const y = (v: number): number => m.top + (1 - (v - lo) / (hi - lo)) * innerH;
    const band = innerW / Math.max(rows.length, 1);
    const root = svg('svg', { class: 'cv-bars', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${metric} per fold` });
    for (const tick of linearTicks(lo, hi, 5)) {
      root.append(
        svg('line', { x1: m.left, x2: width - m.right, y1: y(tick), y2: y(tick), stroke: t.grid }),
        svg('text', { class: 'pc-tick', x: m.left - 6, y: y(tick) + 4, 'text-anchor': 'end', fill: t.muted }, formatMetric(metric, tick)),
      );
    }
    rows.forEach((r, i) => {
      const v = r.metrics[metric];
      const x = m.left + i * band + band * 0.2;
      root.append(svg('text', { class: 'pc-tick', x: x + band * 0.3, y: height - 10, 'text-anchor': 'middle', fill: t.muted }, `fold ${r.fold + 1}`));
      if (!Number.isFinite(v)) return;
      const top = y(Math.max(v, lo));
      root.append(
        svg(
          'rect',
          { class: `cv-bar${r.status === 'completed' ? '' : ' cv-bar-partial'}`, x, y: top, width: band * 0.6, height: Math.max(y(lo) - top, 1), fill: t.blue },
          tooltip(`Fold ${r.fold + 1}${r.runId ? ` (${r.runId})` : ''}: ${metric} ${formatMetric(metric, v)}${r.status === 'completed' ? '' : ` (${r.status})`}`),
        ),
      );
    });
    if (mean !== undefined) {
      root.append(
        svg('line', { class: 'cv-mean', x1: m.left, x2: width - m.right, y1: y(mean), y2: y(mean), stroke: t.palette[1] }, tooltip(`mean ${formatMetric(metric, mean)}`)),
        svg('text', { class: 'pc-tick', x: width - m.right, y: y(mean) - 4, 'text-anchor': 'end', fill: t.palette[1] }, `mean ${formatMetric(metric, mean)}`),
      );
    }
    return root;
  }
}
