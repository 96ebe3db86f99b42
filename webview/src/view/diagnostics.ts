// The Diagnostics tab: every finding with its severity, message, evidence and fixes, when it was first
// seen, and the rule's explanation. Clicking a finding opens the line it points at.
import type { Finding } from '../../../src/protocol/findings';
import { formatValue } from '../model/format';
import type { Section } from '../model/runModel';
import { layerLink, reveal, shortFile, type RunContext } from './context';
import { el, linkButton, replaceChildren } from './dom';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const SEVERITY_GLYPH = { error: '✕', warning: '!', info: 'i' } as const;

export class DiagnosticsView {
  readonly root = el('div', { class: 'tab-body' });

  constructor(private readonly ctx: RunContext) {}

  update(changes: Set<Section>): void {
    if (!changes.has('findings') && !changes.has('header')) return;
    const findings = [...this.ctx.model.findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    if (findings.length === 0) {
      const running = this.ctx.model.record.status === 'running';
      replaceChildren(this.root, el('div', { class: 'callout ok' }, running ? 'No problem found so far. Rules keep checking as training goes.' : 'No problem found in this run.'));
      return;
    }
    replaceChildren(this.root, el('ul', { class: 'findings' }, ...findings.map((f) => this.finding(f))));
  }

  private finding(f: Finding): HTMLElement {
    const { model, rules } = this.ctx;
    const rule = rules.get(f.code);
    const seen = f.step !== undefined ? `first seen at step ${f.step}${f.epoch !== undefined ? ` (epoch ${f.epoch + 1})` : ''}` : 'found before training';
    const where = f.layer ? layerLink(model, f.layer) : f.target.kind === 'config' ? `config: ${f.target.key}` : null;
    const evidence = Object.entries(f.evidence);
    const item = el(
      'li',
      { class: `finding ${f.severity}${f.resolved ? ' resolved' : ''}${f.location ? ' clickable' : ''}`, title: f.location ? `Go to ${shortFile(f.location.file)}:${f.location.line}` : undefined },
      el('span', { class: `severity ${f.severity}`, attrs: { 'aria-label': f.severity } }, SEVERITY_GLYPH[f.severity]),
      el(
        'div',
        { class: 'finding-body' },
        el(
          'div',
          { class: 'finding-head' },
          el('code', {}, f.code),
          rule ? el('span', { class: 'rule-title' }, rule.title) : null,
          where ? el('span', { class: 'muted' }, ' · ', where) : null,
          el('span', { class: 'muted' }, ` · ${seen}`),
          f.resolved ? el('span', { class: 'resolved-badge', title: 'It no longer held at the end of the run' }, `resolved from epoch ${f.resolved.epoch + 1}`) : null,
          f.location ? el('span', { class: 'muted' }, ' · ', linkButton(`${shortFile(f.location.file)}:${f.location.line}`, () => reveal(f.location!))) : null,
        ),
        el('p', { class: 'message' }, f.message),
        evidence.length
          ? el('dl', { class: 'evidence' }, ...evidence.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, formatValue(v))]))
          : null,
        f.fixes.length ? el('div', {}, el('h4', {}, 'Fixes'), el('ol', { class: 'fixes' }, ...f.fixes.map((x) => el('li', {}, x)))) : null,
        rule?.docs ? this.docs(rule.docs) : null,
      ),
    );
    if (f.location) {
      const location = f.location;
      item.addEventListener('click', (e) => {
        // Clicks inside the explanation, or on text being selected, are not navigation.
        if ((e.target as Element).closest('details, button, a') || getSelection()?.toString()) return;
        reveal(location);
      });
    }
    return item;
  }

  private docs(docs: string): HTMLElement {
    return el('details', { class: 'rule-docs' }, el('summary', {}, 'About this rule'), ...docs.split(/\n\s*\n/).map((p) => el('p', {}, p.trim())));
  }
}
