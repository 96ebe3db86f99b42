// The Model tab: layer table with source links, data and timing facts, backend (and why faster ones were
// skipped), the resolved config as key/value rows, and the run's log messages.
import { flattenConfig } from '../model/config';
import { formatCount, formatDuration, formatShape, formatValue } from '../model/format';
import type { Section } from '../model/runModel';
import { layerLink, type RunContext } from './context';
import { el, replaceChildren } from './dom';

export class SummaryView {
  readonly root = el('div', { class: 'tab-body' });

  constructor(private readonly ctx: RunContext) {}

  update(changes: Set<Section>): void {
    if (!changes.has('header') && !changes.has('logs') && !changes.has('epochs')) return;
    replaceChildren(this.root, this.layers(), el('div', { class: 'grid' }, this.facts(), this.backend()), this.config(), this.logs());
  }

  private layers(): HTMLElement {
    const { model } = this.ctx;
    const summary = model.started?.model;
    if (!summary) return el('section', { class: 'card' }, el('h3', {}, 'Model'), el('p', { class: 'muted' }, 'The model summary arrives when training starts.'));
    const rows = summary.layers.map((l) =>
      el(
        'tr',
        {},
        el('td', {}, layerLink(model, l.name)),
        el('td', {}, l.className),
        el('td', { class: 'mono' }, formatShape(l.outputShape)),
        el('td', { class: 'num' }, formatCount(l.params)),
        el('td', {}, l.activation ?? ''),
      ),
    );
    return el(
      'section',
      { class: 'card' },
      el('h3', {}, 'Model'),
      el(
        'table',
        { class: 'table' },
        el('thead', {}, el('tr', {}, ...['Layer', 'Class', 'Output shape', 'Params', 'Activation'].map((h, i) => el('th', { class: i === 3 ? 'num' : '' }, h)))),
        el('tbody', {}, ...rows),
        el(
          'tfoot',
          {},
          el('tr', {}, el('td', {}, 'Total'), el('td', {}, `input ${formatShape(summary.inputShape)}`), el('td', { class: 'mono' }, formatShape(summary.outputShape)), el('td', { class: 'num' }, formatCount(summary.totalParams)), el('td', { class: 'muted' }, summary.trainableParams === summary.totalParams ? 'all trainable' : `${formatCount(summary.trainableParams)} trainable`)),
        ),
      ),
    );
  }

  private facts(): HTMLElement {
    const { model } = this.ctx;
    const { record, started, epochs } = model;
    const rows: [string, string][] = [];
    if (started) {
      rows.push(['training samples', formatCount(started.trainSamples)]);
      rows.push(['validation samples', started.validationSamples ? formatCount(started.validationSamples) : 'none']);
      rows.push(['batch size', String(started.batchSize)]);
      rows.push(['steps per epoch', String(started.stepsPerEpoch)]);
      rows.push(['probe interval', started.probeInterval ? `every ${started.probeInterval} steps` : 'off']);
      rows.push(...dataRows(started.config));
    }
    rows.push(['epochs', `${record.epochsCompleted}/${record.epochs} completed`]);
    rows.push(['started', new Date(record.startedAt).toLocaleString()]);
    if (record.endedAt) rows.push(['ended', `${new Date(record.endedAt).toLocaleString()} (${formatDuration(Date.parse(record.endedAt) - Date.parse(record.startedAt))})`]);
    if (epochs.length) {
      const mean = epochs.reduce((a, e) => a + e.durationMs, 0) / epochs.length;
      rows.push(['epoch time', `${formatDuration(mean)} on average`]);
    }
    if (record.samplesPerSecond) rows.push(['throughput', `${formatCount(record.samplesPerSecond)} samples/s (training only)`]);
    if (record.stopReason) rows.push(['stopped because', record.stopReason]);
    return el('section', { class: 'card' }, el('h3', {}, 'Data and timing'), keyValues(rows));
  }

  private backend(): HTMLElement {
    const backend = this.ctx.model.record.backend ?? this.ctx.model.started?.backend;
    if (!backend) return el('section', { class: 'card' }, el('h3', {}, 'Backend'), el('p', { class: 'muted' }, 'Not chosen yet.'));
    return el(
      'section',
      { class: 'card' },
      el('h3', {}, 'Backend'),
      keyValues([
        ['used', backend.name],
        ['requested', backend.requested],
        ...(backend.threads ? ([['threads', String(backend.threads)]] as [string, string][]) : []),
      ]),
      backend.skipped.length
        ? el('div', {}, el('h4', {}, 'Skipped'), el('ul', { class: 'plain' }, ...backend.skipped.map((s) => el('li', {}, el('strong', {}, s.name), ': ', s.reason))))
        : null,
    );
  }

  private config(): HTMLElement {
    const flat = flattenConfig(this.ctx.model.record.config ?? {});
    const details = el(
      'details',
      { class: 'card' },
      el('summary', {}, el('h3', {}, 'Resolved config')),
      keyValues([...flat.entries()].map(([k, v]) => [k, formatValue(v)]), true),
    );
    details.open = true;
    return details;
  }

  private logs(): HTMLElement | null {
    const logs = this.ctx.model.logs;
    if (logs.length === 0) return null;
    return el(
      'section',
      { class: 'card' },
      el('h3', {}, 'Log'),
      el('ul', { class: 'plain log' }, ...logs.map((l) => el('li', { class: l.level }, l.epoch !== undefined ? `epoch ${l.epoch + 1}: ` : '', l.message))),
    );
  }
}

function keyValues(rows: [string, string][], mono = false): HTMLElement {
  return el('table', { class: 'kv' }, el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', { class: mono ? 'mono' : '' }, v)))));
}

/** What the model function received as `data` (inputShape, classes) and how the features were prepared. */
function dataRows(config: Record<string, unknown>): [string, string][] {
  const resolved = (config.data as { resolved?: Record<string, unknown> } | undefined)?.resolved;
  if (!resolved) return [];
  const rows: [string, string][] = [];
  if (Array.isArray(resolved.featureShape)) rows.push(['input shape (data.inputShape)', formatShape(resolved.featureShape)]);
  if (typeof resolved.numClasses === 'number') rows.push(['classes (data.numClasses)', String(resolved.numClasses)]);
  const ids = resolved.featuresAreIds as { layer?: string; inputDim?: number } | undefined;
  if (ids) rows.push(['features', `token ids for ${ids.layer} (inputDim ${ids.inputDim}), not standardized`]);
  const encoding = resolved.encoding as { column: string; kind: string; categories?: string[] }[] | undefined;
  for (const e of encoding ?? []) if (e.kind !== 'number') rows.push([`column ${e.column}`, e.kind === 'ignore' ? 'left out' : `${e.kind === 'onehot' ? 'one-hot' : 'index'} of ${e.categories?.length ?? 0} categories: ${(e.categories ?? []).slice(0, 8).join(', ')}${(e.categories?.length ?? 0) > 8 ? ', …' : ''}`]);
  return rows;
}
