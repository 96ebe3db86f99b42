// The learning-rate finder: the loss-by-learning-rate chart (growing live while the range test runs), the
// suggestion in words with its alternatives, and the actions: use a rate, run again, stop.
import type { WorkflowView } from '../../../../src/protocol/workflow';
import { formatLearningRate, lrPlot, lrSuggestions, stoppedText, suggestionSentence, type LrSuggestion } from '../../model/workflow/lrCurve';
import { el, linkButton, replaceChildren } from '../dom';
import { shortFile } from '../context';
import type { Theme } from '../theme';
import { LrChart, type LrMarker } from './lrChart';
import { post } from './host';

type LrFindView = Extract<WorkflowView, { kind: 'lr-find' }>;

export class LrFindPanel {
  private readonly header = el('header', { class: 'run-header' });
  private readonly chart: LrChart;
  private readonly panel = el('section', { class: 'card lr-panel' });
  private view?: LrFindView;

  constructor(
    root: HTMLElement,
    private theme: Theme,
  ) {
    this.chart = new LrChart(theme);
    replaceChildren(root, this.header, this.chart.root, this.panel);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.chart.setTheme(theme);
    if (this.view) this.render(this.view);
  }

  render(view: LrFindView): void {
    this.view = view;
    const suggestions = view.finished ? lrSuggestions(view.finished) : [];
    this.renderHeader(view);
    this.chart.update(lrPlot(view.steps, view.finished), suggestions.map((s) => this.marker(s)));
    this.renderPanel(view, suggestions);
  }

  private marker(s: LrSuggestion): LrMarker {
    const t = this.theme;
    const color = s.kind === 'suggested' ? t.palette[2] : s.kind === 'current' ? t.muted : t.palette[1];
    return { learningRate: s.learningRate, label: s.kind === 'suggested' ? 'suggested' : s.kind === 'current' ? 'current' : s.label.toLowerCase(), color, dashed: s.kind !== 'suggested' };
  }

  private renderHeader(view: LrFindView): void {
    const running = view.status === 'running';
    const status = running ? `running · step ${view.steps.length}` : view.status;
    replaceChildren(
      this.header,
      el(
        'div',
        { class: 'title-row' },
        el('h1', {}, `Learning-rate finder: ${view.experiment}`),
        el('span', { class: `badge status-${view.status === 'finished' ? 'completed' : view.status}` }, status),
        el(
          'div',
          { class: 'actions' },
          running ? el('button', { class: 'danger', onClick: () => post({ type: 'stop' }) }, 'Stop') : el('button', { class: 'secondary', onClick: () => post({ type: 'rerun-lr-find' }) }, 'Run again'),
        ),
      ),
      el('div', { class: 'facts' }, el('span', { class: 'fact' }, el('span', { class: 'fact-label' }, 'file'), ' ', el('code', {}, shortFile(view.file)))),
      view.status === 'failed' ? el('div', { class: 'callout error' }, el('strong', {}, 'The range test failed: '), view.error ?? 'no error message was recorded.') : null,
    );
  }

  private renderPanel(view: LrFindView, suggestions: LrSuggestion[]): void {
    const finished = view.finished;
    if (!finished) {
      replaceChildren(
        this.panel,
        el('p', { class: 'muted' }, view.status === 'running' ? 'The range test raises the learning rate each step until the loss explodes; the suggestion appears when it ends.' : 'The range test ended without a result.'),
      );
      return;
    }
    const [suggested, ...alternatives] = suggestions;
    const useButton = (s: LrSuggestion, primary: boolean): HTMLButtonElement =>
      el('button', { class: primary ? '' : 'secondary', title: `Write ${formatLearningRate(s.learningRate)} as the optimizer's learning rate in the model file`, onClick: () => post({ type: 'apply-learning-rate', learningRate: s.learningRate }) }, `Use ${formatLearningRate(s.learningRate)}`);
    const location = finished.location;
    const current = finished.currentLearningRate;
    replaceChildren(
      this.panel,
      el('p', { class: 'lr-suggestion' }, suggestionSentence(suggested)),
      el(
        'table',
        { class: 'kv lr-alternatives' },
        el('tbody', {}, ...alternatives.filter((s) => s.kind !== 'current').map((s) => el('tr', {}, el('th', {}, s.label), el('td', { class: 'mono' }, formatLearningRate(s.learningRate)), el('td', { class: 'muted' }, s.reason), el('td', {}, useButton(s, false))))),
        el('tbody', {}, el('tr', {}, el('th', {}, 'Current'), el('td', { class: 'mono' }, current !== undefined ? formatLearningRate(current) : '–'), el('td', { class: 'muted' }, current !== undefined ? "the experiment's learning rate now" : 'not known (the optimizer is a tf.Optimizer instance)'), el('td', {}))),
      ),
      el(
        'div',
        { class: 'lr-actions' },
        useButton(suggested, true),
        location ? linkButton(`Go to the learning rate in ${shortFile(location.file)}:${location.line}`, () => post({ type: 'reveal-source', location })) : null,
      ),
      el('p', { class: 'muted lr-note' }, `${finished.curve.length} steps; ${stoppedText(finished.stoppedBecause)}.`),
    );
  }
}
