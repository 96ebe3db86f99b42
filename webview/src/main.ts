// Entry of the dashboard webview (run dashboard, compare view or workflow view, from <body data-view>). Asks the host
// for its snapshot, then folds live messages into the models; views redraw once per animation frame.
import './dashboard.css';
import type { DashboardState, HostToDashboard } from '../../src/protocol/dashboard';
import { RunModel } from './model/runModel';
import { CompareView } from './view/compare';
import { parseUi, type UiChoices } from './view/context';
import { el, replaceChildren } from './view/dom';
import { RunDashboard } from './view/runDashboard';
import { onThemeChange } from './view/theme';
import { loadState, post, saveState } from './view/vscode';
import { startWorkflowView } from './view/workflow/index';

const app = document.getElementById('app') ?? document.body.appendChild(el('div', { attrs: { id: 'app' } }));

if (document.body.dataset.view === 'workflow') startWorkflowView(app);
else startDashboard();

function startDashboard(): void {
  const view: DashboardState['view'] = document.body.dataset.view === 'compare' ? 'compare' : 'run';
  const saved = loadState();
  const ui: UiChoices = parseUi(saved?.ui as Record<string, unknown> | undefined);
  let runIds: string[] = saved?.runIds ?? [];
  let dashboard: RunDashboard | undefined;
  let compare: CompareView | undefined;

  function persist(): void {
    if (runIds.length) saveState({ view, runIds, ui: { ...ui } });
  }

  // A snapshot asked for and not yet answered: messages until then are in it, so they are not asked about again.
  let awaitingSnapshot = true;
  /** A message about a run this view has no model for: it missed a snapshot, so it asks for a fresh one. */
  function requestSnapshot(): void {
    if (awaitingSnapshot) return;
    awaitingSnapshot = true;
    post({ type: 'ready' });
  }

  function modelOf(runId: string): RunModel | undefined {
    return dashboard?.model.runId === runId ? dashboard.model : compare?.model(runId);
  }

  function handle(message: HostToDashboard): void {
    switch (message.type) {
      case 'run-snapshot':
        awaitingSnapshot = false;
        compare = undefined;
        runIds = [message.run.record.runId];
        dashboard = new RunDashboard(app, new RunModel(message.run.record, message.run.events, message.run.starting), message.rules, ui, persist);
        persist();
        break;
      case 'compare-snapshot':
        awaitingSnapshot = false;
        dashboard = undefined;
        runIds = message.runs.map((r) => r.record.runId);
        compare = new CompareView(app, message.runs);
        persist();
        break;
      case 'run-events': {
        const model = modelOf(message.runId);
        if (!model) return requestSnapshot();
        model.applyAll(message.events);
        invalidate();
        break;
      }
      case 'run-record': {
        const model = modelOf(message.record.runId);
        if (!model) return requestSnapshot();
        model.setRecord(message.record);
        invalidate();
        break;
      }
      case 'run-deleted': {
        const model = modelOf(message.runId);
        if (model) {
          model.markDeleted();
          invalidate();
        } else if (view === 'run' && !dashboard) {
          // The answer to this view's snapshot request: there is no such run (any more).
          awaitingSnapshot = false;
          replaceChildren(app, el('div', { class: 'callout warning' }, `Run ${message.runId} is not in this workspace's runs folder: it was deleted, or it is recorded in a folder this window does not open.`));
        }
        break;
      }
    }
  }

  function invalidate(): void {
    dashboard?.invalidate();
    compare?.invalidate();
  }

  window.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: unknown } | null;
    if (!data || typeof data.type !== 'string') return;
    try {
      handle(data as HostToDashboard);
    } catch (error) {
      // A bug in one view must show, not leave a silently frozen dashboard.
      console.error(error);
      showError(error);
    }
  });

  onThemeChange((theme) => {
    dashboard?.setTheme(theme);
    compare?.setTheme(theme);
  });

  function showError(error: unknown): void {
    const box = el('div', { class: 'callout error' }, `The dashboard hit an error and may be out of date: ${error instanceof Error ? error.message : String(error)}. Reopen the dashboard to reload it.`);
    app.prepend(box);
  }

  replaceChildren(app, el('div', { class: 'loading' }, view === 'compare' ? 'Loading runs…' : 'Loading run…'));
  post({ type: 'ready' });
}
