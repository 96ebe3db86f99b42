// A sweep: header, parallel coordinates coloured by a chosen metric, and the trials table, sortable by any
// column (headers are buttons with aria-sort), the best trial starred, rows selectable for comparison.
import type { WorkflowView } from '../../../../src/protocol/workflow';
import { isHigherBetter } from '../../model/metrics';
import { parallelCoordinates } from '../../model/workflow/parallelCoordinates';
import { formatCell, metricNames, nextSort, sortRows, sweepColumns, sweepRows, topRunIds, validSort, type Column, type SortOrder, type TrialRow } from '../../model/workflow/sweepTable';
import { el, linkButton, replaceChildren } from '../dom';
import type { Theme } from '../theme';
import { groupHeader } from './groupHeader';
import { loadUi, post, saveState } from './host';
import { parallelCoordinatesSvg } from './parallelCoordinatesSvg';

type SweepView = Extract<WorkflowView, { kind: 'sweep' }>;

const TOP_N = 5;

export class SweepPanel {
  private readonly header = el('div');
  private readonly pcCard = el('section', { class: 'card' });
  private readonly tableCard = el('section', { class: 'card' });
  private readonly selected = new Set<string>();
  private readonly ui: { sort?: SortOrder; metric?: string };
  private view: SweepView;
  private readonly resize: ResizeObserver;
  private lastWidth = 0;

  constructor(
    root: HTMLElement,
    view: SweepView,
    private theme: Theme,
  ) {
    this.view = view;
    const saved = loadUi('sweep', view.record.id);
    this.ui = { sort: saved.sort as SortOrder | undefined, metric: typeof saved.metric === 'string' ? saved.metric : undefined };
    replaceChildren(root, this.header, this.pcCard, this.tableCard);
    // The plot is drawn at the card's pixel width (text stays its real size), so redraw when that changes.
    this.resize = new ResizeObserver(() => {
      if (this.pcCard.clientWidth !== this.lastWidth) this.renderPlot(sweepRows(this.view.record, this.view.runs));
    });
    this.resize.observe(this.pcCard);
    this.render(view);
  }

  dispose(): void {
    this.resize.disconnect();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.render(this.view);
  }

  render(view: SweepView): void {
    this.view = view;
    const rows = sweepRows(view.record, view.runs);
    this.renderHeader(rows);
    this.renderPlot(rows);
    this.renderTable(rows);
    this.persist();
  }

  private persist(): void {
    saveState({ kind: 'sweep', groupId: this.view.record.id, ui: { ...this.ui } });
  }

  private goalFor = (metric: string): 'minimize' | 'maximize' => (metric === this.view.record.metric ? this.view.record.goal : isHigherBetter(metric) ? 'maximize' : 'minimize');

  private renderHeader(rows: TrialRow[]): void {
    const { record } = this.view;
    const done = rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;
    const running = rows.filter((r) => r.status === 'running').length;
    const status = record.status === 'running' ? `running · ${done}/${rows.length} trials done${running ? `, ${running} training` : ''}` : record.status;
    const selected = [...this.selected].filter((id) => rows.some((r) => r.runId === id));
    const top = topRunIds(rows, record.metric, record.goal, TOP_N);
    const actions = [
      el('button', { class: 'secondary', title: 'Open the compare view on the checked trials', onClick: () => selected.length && post({ type: 'compare-runs', runIds: selected }) }, `Compare selected (${selected.length})`),
      el('button', { class: 'secondary', title: `Open the compare view on the ${TOP_N} best trials by ${record.metric}`, onClick: () => top.length && post({ type: 'compare-runs', runIds: top }) }, `Compare top ${Math.min(TOP_N, top.length) || TOP_N}`),
    ];
    if (!selected.length) actions[0].disabled = true;
    if (!top.length) actions[1].disabled = true;
    const bestRow = rows.find((r) => r.best);
    replaceChildren(
      this.header,
      groupHeader(
        record,
        `Sweep: ${record.experiment}`,
        status,
        [
          ['method', record.method],
          ['trials', `${done}/${rows.length}`],
          ['metric', `${record.metric} (${record.goal})`],
          ['best', bestRow ? `trial ${bestRow.index + 1} · ${formatCell(bestRow, { id: 'm', kind: 'metric', key: record.metric, label: record.metric, numeric: true })}` : '–'],
        ],
        actions,
      ),
    );
  }

  private renderPlot(rows: TrialRow[]): void {
    const { record } = this.view;
    const metrics = metricNames(record, rows);
    const metric = this.ui.metric && metrics.includes(this.ui.metric) ? this.ui.metric : record.metric;
    const select = el('select', { attrs: { 'aria-label': 'Metric for colour and the last axis' } }, ...metrics.map((m) => el('option', { attrs: { value: m } }, m)));
    select.value = metric;
    select.addEventListener('change', () => {
      this.ui.metric = select.value;
      this.persist();
      this.renderPlot(sweepRows(this.view.record, this.view.runs));
      this.pcCard.querySelector('select')?.focus();
    });
    const goal = this.goalFor(metric);
    const pc = parallelCoordinates(record.space, rows, metric, goal);
    this.lastWidth = this.pcCard.clientWidth;
    const width = this.lastWidth ? this.lastWidth - 26 : 900;
    replaceChildren(
      this.pcCard,
      el('div', { class: 'chart-title' }, el('h3', {}, 'Parallel coordinates'), el('span', { class: 'figures' }, `${pc.lines.length} finished trial${pc.lines.length === 1 ? '' : 's'}`)),
      el('div', { class: 'toolbar pc-toolbar' }, el('label', {}, 'Colour by', select), el('span', { class: 'pc-key' }, el('span', { class: 'pc-ramp' }), goal === 'minimize' ? 'high → low (better)' : 'low → high (better)')),
      el('div', { class: 'pc-box' }, parallelCoordinatesSvg(pc, width, this.theme, `${metric} (${goal === 'minimize' ? 'lower' : 'higher'} is better)`)),
    );
  }

  private renderTable(rows: TrialRow[]): void {
    const { record } = this.view;
    const columns = sweepColumns(record, rows);
    const sort = validSort(this.ui.sort, columns, record);
    const sorted = sortRows(rows, columns, sort);
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.column;
    const head = el(
      'tr',
      {},
      el('th', { class: 'select-col' }, el('span', { class: 'sr-only' }, 'Select')),
      ...columns.map((c) => {
        const direction = sort.column === c.id ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
        const button = el(
          'button',
          { class: 'sort-button', attrs: { 'data-column': c.id }, title: `Sort by ${c.label}`, onClick: () => this.sortBy(c) },
          c.label,
          el('span', { class: 'sort-arrow', attrs: { 'aria-hidden': 'true' } }, direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''),
        );
        return el('th', { class: c.numeric ? 'num' : '', attrs: { 'aria-sort': direction, scope: 'col' } }, button);
      }),
    );
    const body = el('tbody', {}, ...sorted.map((row) => this.row(row, columns)));
    replaceChildren(
      this.tableCard,
      el('div', { class: 'chart-title' }, el('h3', {}, 'Trials'), el('span', { class: 'figures' }, 'click a column to sort; ★ marks the best finished trial')),
      el('div', { class: 'table-scroll' }, el('table', { class: 'table sweep-table' }, el('thead', {}, head), body)),
    );
    if (focused) (this.tableCard.querySelector(`button[data-column="${CSS.escape(focused)}"]`) as HTMLElement | null)?.focus();
  }

  private row(row: TrialRow, columns: Column[]): HTMLTableRowElement {
    const checkbox = el('input', { attrs: { type: 'checkbox', 'aria-label': `Select trial ${row.index + 1} to compare` } });
    checkbox.checked = !!row.runId && this.selected.has(row.runId);
    checkbox.disabled = !row.runId;
    checkbox.addEventListener('change', () => {
      if (!row.runId) return;
      if (checkbox.checked) this.selected.add(row.runId);
      else this.selected.delete(row.runId);
      this.renderHeader(sweepRows(this.view.record, this.view.runs));
    });
    const cells = columns.map((c) => {
      const text = formatCell(row, c);
      switch (c.kind) {
        case 'trial':
          return el('td', { class: 'num' }, row.best ? el('span', { class: 'best-star', title: 'Best trial' }, '★ ') : null, text);
        case 'run':
          return el('td', { class: 'mono' }, row.runId ? linkButton(row.runId, () => post({ type: 'open-run', runId: row.runId! }), "Open this trial's run dashboard") : el('span', { class: 'muted' }, '–'));
        case 'status':
          return el('td', {}, el('span', { class: `status-text status-${row.status}` }, text));
        case 'metric':
          return el('td', { class: `num${row.best && c.key === this.view.record.metric ? ' best' : ''}` }, text);
        default:
          return el('td', { class: `${c.numeric ? 'num' : ''} ${c.kind === 'param' ? 'mono' : ''}`.trim() }, text);
      }
    });
    return el('tr', { class: `${row.best ? 'best-row' : ''} ${row.status === 'pending' ? 'pending-row' : ''}`.trim() }, el('td', { class: 'select-col' }, checkbox), ...cells);
  }

  private sortBy(column: Column): void {
    this.ui.sort = nextSort(validSort(this.ui.sort, sweepColumns(this.view.record, sweepRows(this.view.record, this.view.runs)), this.view.record), column, this.goalFor);
    this.persist();
    this.renderTable(sweepRows(this.view.record, this.view.runs));
  }
}
