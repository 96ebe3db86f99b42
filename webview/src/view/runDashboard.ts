// The run dashboard: header, tabs (Curves, Layers, Model, Diagnostics) and live redraws coalesced to one
// per animation frame. Tabs not shown keep their changes and redraw when shown, so nothing goes stale.
import type { RuleSummary } from '../../../src/protocol/rules';
import type { Section } from '../model/runModel';
import type { RunModel } from '../model/runModel';
import type { RunContext, UiChoices } from './context';
import { CurvesView } from './curves';
import { DiagnosticsView } from './diagnostics';
import { el, replaceChildren } from './dom';
import { Header } from './header';
import { LayersView } from './layers';
import { SummaryView } from './summary';
import { readTheme, type Theme } from './theme';

interface TabView {
  root: HTMLElement;
  update(changes: Set<Section>): void;
  setTheme?(theme: Theme): void;
}

const ALL_SECTIONS: Section[] = ['header', 'epochs', 'steps', 'stats', 'probes', 'findings', 'logs'];

export class RunDashboard {
  private readonly ctx: RunContext;
  private readonly header: Header;
  private readonly tabs: { id: string; label: string; view: TabView; button: HTMLButtonElement; pending: Set<Section> }[];
  private frame = 0;
  private pendingHeader = false;
  private clock?: number;

  constructor(
    private readonly root: HTMLElement,
    model: RunModel,
    rules: RuleSummary[],
    ui: UiChoices,
    saveUi: () => void,
  ) {
    this.ctx = { model, theme: readTheme(), ui, rules: new Map(rules.map((r) => [r.code, r])), saveUi };
    this.header = new Header(this.ctx);
    const views: [string, string, TabView][] = [
      ['curves', 'Curves', new CurvesView(this.ctx)],
      ['layers', 'Layers', new LayersView(this.ctx)],
      ['model', 'Model', new SummaryView(this.ctx)],
      ['diagnostics', 'Diagnostics', new DiagnosticsView(this.ctx)],
    ];
    this.tabs = views.map(([id, label, view]) => ({
      id,
      label,
      view,
      button: el('button', { class: 'tab', attrs: { role: 'tab' }, onClick: () => this.selectTab(id) }, label),
      pending: new Set(ALL_SECTIONS),
    }));
    if (!this.tabs.some((t) => t.id === ui.tab)) ui.tab = 'curves';
    replaceChildren(
      root,
      this.header.root,
      el('nav', { class: 'tabs', attrs: { role: 'tablist' } }, ...this.tabs.map((t) => t.button)),
      ...this.tabs.map((t) => t.view.root),
    );
    this.selectTab(ui.tab, false);
    this.pendingHeader = true;
    this.render();
  }

  get model(): RunModel {
    return this.ctx.model;
  }

  /** Schedules a redraw of what changed; many calls in one frame give one redraw. */
  invalidate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  setTheme(theme: Theme): void {
    this.ctx.theme = theme;
    for (const t of this.tabs) {
      t.view.setTheme?.(theme);
      // Legends and swatches are coloured from the theme too.
      for (const s of ALL_SECTIONS) t.pending.add(s);
    }
    this.render();
  }

  private render(): void {
    const changes = this.ctx.model.takeChanges();
    if (changes.has('header')) this.pendingHeader = true;
    for (const t of this.tabs) for (const c of changes) t.pending.add(c);
    if (this.pendingHeader) {
      this.header.render();
      this.pendingHeader = false;
      this.updateTabLabels();
    }
    const active = this.tabs.find((t) => t.id === this.ctx.ui.tab);
    if (active && active.pending.size) {
      const pending = new Set(active.pending);
      active.pending.clear();
      active.view.update(pending);
    }
    this.tickWhileRunning();
  }

  /** The elapsed time in the header moves even when no event arrives. */
  private tickWhileRunning(): void {
    const running = this.ctx.model.record.status === 'running' && !this.ctx.model.deleted;
    if (running && this.clock === undefined) {
      this.clock = window.setInterval(() => {
        this.pendingHeader = true;
        this.invalidate();
      }, 1000);
    } else if (!running && this.clock !== undefined) {
      clearInterval(this.clock);
      this.clock = undefined;
    }
  }

  private updateTabLabels(): void {
    // Resolved findings stay listed in the tab but are not counted: they no longer describe the model.
    const findings = this.ctx.model.findings.filter((f) => !f.resolved);
    const diag = this.tabs.find((t) => t.id === 'diagnostics')!;
    const errors = findings.filter((f) => f.severity === 'error').length;
    replaceChildren(
      diag.button,
      'Diagnostics',
      findings.length ? el('span', { class: `count ${errors ? 'error' : 'warning'}` }, String(findings.length)) : null,
    );
  }

  private selectTab(id: string, save = true): void {
    this.ctx.ui.tab = id;
    for (const t of this.tabs) {
      const selected = t.id === id;
      t.button.classList.toggle('selected', selected);
      t.button.setAttribute('aria-selected', String(selected));
      t.view.root.hidden = !selected;
    }
    if (save) {
      this.ctx.saveUi();
      this.render();
    }
  }
}
