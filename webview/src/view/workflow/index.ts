// Entry of the workflow view (<body data-view="workflow">): asks the host for its snapshot and renders
// each one by kind (learning-rate finder, sweep, cross-validation), at most once per animation frame.
import type { HostToWorkflow, WorkflowView } from '../../../../src/protocol/workflow';
import { el, replaceChildren } from '../dom';
import { onThemeChange, readTheme } from '../theme';
import { CrossValidationPanel } from './crossValidation';
import { post } from './host';
import { LrFindPanel } from './lrFind';
import { SweepPanel } from './sweep';

type Panel = { kind: 'lr-find'; panel: LrFindPanel } | { kind: 'sweep'; id: string; panel: SweepPanel } | { kind: 'cross-validation'; id: string; panel: CrossValidationPanel };

export function startWorkflowView(app: HTMLElement): void {
  let current: Panel | undefined;
  let pending: WorkflowView | undefined;
  let frame = 0;

  const render = (view: WorkflowView): void => {
    const theme = readTheme();
    switch (view.kind) {
      case 'lr-find':
        if (current?.kind !== 'lr-find') current = { kind: 'lr-find', panel: new LrFindPanel(app, theme) };
        current.panel.render(view);
        break;
      case 'sweep':
        if (current?.kind === 'sweep' && current.id === view.record.id) current.panel.render(view);
        else {
          if (current?.kind === 'sweep') current.panel.dispose();
          current = { kind: 'sweep', id: view.record.id, panel: new SweepPanel(app, view, theme) };
        }
        break;
      case 'cross-validation':
        if (current?.kind === 'cross-validation' && current.id === view.record.id) current.panel.render(view);
        else current = { kind: 'cross-validation', id: view.record.id, panel: new CrossValidationPanel(app, view, theme) };
        break;
    }
  };

  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as HostToWorkflow | null;
    if (!data || data.type !== 'workflow-snapshot' || typeof data.view !== 'object' || data.view === null) return;
    // Live snapshots can come faster than frames; only the newest is drawn.
    pending = data.view;
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const view = pending!;
      pending = undefined;
      try {
        render(view);
      } catch (error) {
        // A bug in one view must show, not leave a silently frozen panel.
        console.error(error);
        app.prepend(el('div', { class: 'callout error' }, `This view hit an error and may be out of date: ${error instanceof Error ? error.message : String(error)}. Reopen it to reload.`));
      }
    });
  });

  onThemeChange((theme) => current?.panel.setTheme(theme));

  replaceChildren(app, el('div', { class: 'loading' }, 'Loading…'));
  post({ type: 'ready' });
}
