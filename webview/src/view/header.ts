// The run's header: name, status, the facts users look for first, and the Stop / Show log actions.
import { formatCount, formatDuration, formatMetric } from '../model/format';
import { el, linkButton, replaceChildren } from './dom';
import { reveal, shortFile, type RunContext } from './context';
import { post } from './vscode';
import type { BackendInfo } from '../../../src/protocol/events';

export function statusText(ctx: RunContext): string {
  const { record, current, finished } = ctx.model;
  switch (record.status) {
    case 'running': {
      if (!ctx.model.started) return 'starting';
      const epoch = (current?.epoch ?? 0) + 1;
      return `running · epoch ${epoch}/${record.epochs}`;
    }
    case 'completed':
      return record.stopReason && record.stopReason !== 'completed' ? `completed (${record.stopReason.replace(/-/g, ' ')})` : 'completed';
    default:
      return finished?.status ?? record.status;
  }
}

export class Header {
  readonly root = el('header', { class: 'run-header' });

  constructor(private readonly ctx: RunContext) {}

  render(): void {
    const { model } = this.ctx;
    const { record, started } = model;
    const running = record.status === 'running' && !model.deleted;
    const actions = el(
      'div',
      { class: 'actions' },
      running ? el('button', { class: 'danger', onClick: () => post({ type: 'stop-run', runId: record.runId }) }, 'Stop') : null,
      el('button', { class: 'secondary', onClick: () => post({ type: 'show-log' }) }, 'Show log'),
    );
    const title = el(
      'div',
      { class: 'title-row' },
      el('h1', {}, record.experiment),
      el('span', { class: `badge status-${model.deleted ? 'deleted' : record.status}` }, model.deleted ? 'deleted' : statusText(this.ctx)),
      actions,
    );

    const facts: (string | Node)[] = [];
    const fact = (label: string, value: string | Node): void => void facts.push(el('span', { class: 'fact' }, el('span', { class: 'fact-label' }, label), ' ', value));
    fact('run', el('code', {}, record.runId));
    fact('file', linkButton(record.relativeFile ?? shortFile(record.file), () => reveal({ file: record.file, line: 1, column: 1 }), record.file));
    const backend = record.backend ?? started?.backend;
    if (backend) fact('backend', backendDescription(backend));
    if (!model.starting) fact('seed', String(record.seed));
    if (record.samplesPerSecond) fact('throughput', `${formatCount(record.samplesPerSecond)} samples/s`);
    else if (model.epochs.length) fact('throughput', `${formatCount(model.epochs[model.epochs.length - 1].samplesPerSecond)} samples/s`);
    if (record.bestEpoch !== undefined) {
      const monitored = record.bestMetrics?.val_loss !== undefined ? 'val_loss' : 'loss';
      fact('best epoch', `${record.bestEpoch + 1} (${monitored} ${formatMetric(monitored, record.bestMetrics?.[monitored])})`);
    }
    const end = record.endedAt ? Date.parse(record.endedAt) : running ? Date.now() : undefined;
    if (end !== undefined && started) fact(running ? 'elapsed' : 'took', formatDuration(end - Date.parse(record.startedAt)));
    if (record.git) fact('commit', `${record.git.commit.slice(0, 7)}${record.git.dirty ? ' (dirty)' : ''}`);

    const progress = running && started ? this.progress() : running && model.starting ? el('div', { class: 'progress' }, el('span', { class: 'progress-label' }, 'Loading the model file, its data and the backend…')) : null;
    const error = record.error ?? model.finished?.error;
    const errorBox = error
      ? el(
          'div',
          { class: 'callout error' },
          el('strong', {}, record.status === 'diverged' ? 'Diverged: ' : model.starting ? 'Could not start: ' : 'Failed: '),
          error.message,
          error.location ? el('span', {}, ' ', linkButton(`${shortFile(error.location.file)}:${error.location.line}`, () => reveal(error.location!))) : null,
        )
      : null;
    const divergedNote =
      !error && record.status === 'diverged'
        ? el('div', { class: 'callout error' }, 'Training diverged (NaN/Inf or an exploding loss) and was stopped. See Diagnostics for the cause.')
        : null;
    const deleted = model.deleted ? el('div', { class: 'callout warning' }, 'This run was deleted. What is shown is what the dashboard had loaded; it will not update.') : null;
    const notes = record.notes ? el('div', { class: 'notes' }, el('span', { class: 'fact-label' }, 'note'), ' ', record.notes) : null;
    replaceChildren(this.root, title, el('div', { class: 'facts' }, ...facts), progress, deleted, errorBox, divergedNote, notes);
  }

  private progress(): HTMLElement {
    const { model } = this.ctx;
    const started = model.started!;
    const total = started.epochs * started.stepsPerEpoch;
    const done = model.current ? model.current.globalStep + 1 : 0;
    const bar = el('div', { class: 'progress-fill' });
    // Width through the CSSOM: the panel's CSP forbids style attributes, not style properties.
    bar.style.width = `${Math.min(100, (done / Math.max(total, 1)) * 100).toFixed(1)}%`;
    const step = model.current ? `step ${model.current.step + 1}/${started.stepsPerEpoch} of epoch ${model.current.epoch + 1}/${started.epochs}` : 'waiting for the first step';
    return el('div', { class: 'progress' }, el('div', { class: 'progress-track' }, bar), el('span', { class: 'progress-label' }, step));
  }
}

/** 'wasm (1 thread)', 'wasm (2 threads)', 'wasm (2 data-parallel replicas)'. */
export function backendDescription(backend: BackendInfo): string {
  if ((backend.replicas ?? 1) > 1) return `${backend.name} (${backend.replicas} data-parallel replicas)`;
  return backend.threads ? `${backend.name} (${backend.threads} thread${backend.threads > 1 ? 's' : ''})` : backend.name;
}
