// The header a sweep and a cross-validation share: title, status badge, facts, actions and the group's error.
import type { GroupRecord } from '../../../../src/protocol/groupRecord';
import { formatDuration } from '../../model/format';
import { el } from '../dom';
import { shortFile } from '../context';
import { post } from './host';

export function groupHeader(record: GroupRecord, title: string, statusText: string, facts: [string, string | Node][], actions: (Node | null)[]): HTMLElement {
  const running = record.status === 'running';
  const end = record.endedAt ? Date.parse(record.endedAt) : running ? Date.now() : undefined;
  const allFacts: [string, string | Node][] = [['file', el('code', { title: record.file }, record.relativeFile ?? shortFile(record.file))], ...facts, ['seed', String(record.seed)]];
  if (end !== undefined) allFacts.push([running ? 'elapsed' : 'took', formatDuration(end - Date.parse(record.createdAt))]);
  return el(
    'header',
    { class: 'run-header' },
    el(
      'div',
      { class: 'title-row' },
      el('h1', {}, title),
      el('span', { class: `badge status-${record.status}` }, statusText),
      el('div', { class: 'actions' }, ...actions, running ? el('button', { class: 'danger', onClick: () => post({ type: 'stop' }) }, 'Stop') : null),
    ),
    el('div', { class: 'facts' }, ...allFacts.map(([label, value]) => el('span', { class: 'fact' }, el('span', { class: 'fact-label' }, label), ' ', value))),
    record.error ? el('div', { class: 'callout error' }, el('strong', {}, record.status === 'failed' ? 'Failed: ' : 'Stopped: '), record.error) : null,
  );
}
