// Dev preview of the dashboard webview without VS Code: builds dist/webview, serves pages that load it
// under the panel's exact Content-Security-Policy with a fake acquireVsCodeApi (answers `ready` with a
// snapshot of a recorded run from webview/dev/fixtures, then streams the rest of its events in batches),
// and screenshots each scenario in dark/light themes with playwright-core and the system Chromium.
//
//   node --import tsx webview/dev/preview.mjs            all scenarios → .scratch/webview/*.png
//   node --import tsx webview/dev/preview.mjs compare    scenarios whose name contains "compare"
//   node --import tsx webview/dev/preview.mjs --serve    serve the pages and print their URLs
//   node --import tsx webview/dev/preview.mjs workflow --out test-results/workflow-preview
//                                                        the workflow views (LR finder, sweep, cross-validation)
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { ruleSummaries } from '../../src/protocol/rules.ts';

const root = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const out = outFlag >= 0 ? resolve(root, args.splice(outFlag, 2)[1]) : join(root, '.scratch/webview');
const pages = join(root, '.scratch/webview/pages');
mkdirSync(pages, { recursive: true });
mkdirSync(out, { recursive: true });
const serve = args.includes('--serve');
const only = args.find((a) => !a.startsWith('--'));

// The same options as esbuild.mjs's webview build.
await esbuild.build({
  entryPoints: { dashboard: join(root, 'webview/src/main.ts') },
  outdir: join(root, 'dist/webview'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
});

const fixture = (name) => JSON.parse(readFileSync(join(root, 'webview/dev/fixtures', `${name}.json`), 'utf8'));
const rules = ruleSummaries();

/** A snapshot of the first `fraction` of a run's events, with the record as it was while running. */
function partial(name, fraction, colorIndex = 0) {
  const { record, events } = fixture(name);
  const cut = Math.round(events.length * fraction);
  const running = { ...record, status: 'running', epochsCompleted: 0, metrics: undefined, bestEpoch: undefined, bestMetrics: undefined, endedAt: undefined, samplesPerSecond: undefined, diagnosticsCount: 0 };
  return { snapshot: { record: running, events: events.slice(0, cut), colorIndex }, rest: events.slice(cut) };
}

function runScenario(name, { fraction = 1, streamUntil = 1, after = [] } = {}) {
  const { snapshot, rest } = partial(name, fraction);
  const total = snapshot.events.length + rest.length;
  const streamed = rest.slice(0, Math.max(0, Math.round(total * streamUntil) - snapshot.events.length));
  const messages = [{ type: 'run-snapshot', run: snapshot, rules }];
  for (let i = 0; i < streamed.length; i += 25) messages.push({ type: 'run-events', runId: snapshot.record.runId, events: streamed.slice(i, i + 25) });
  if (streamUntil >= 1) messages.push({ type: 'run-record', record: fixture(name).record });
  messages.push(...after);
  return messages;
}

function failedScenario() {
  const { record, events } = fixture('digits-mlp');
  const kept = events.filter((e) => e.type === 'run-started' || e.type === 'log' || (e.type === 'batch' && e.globalStep < 20) || (e.type === 'probe' && e.globalStep < 20));
  const error = { message: "Error when checking target: expected dense_Dense2 to have shape [10], but got array with shape [1] (the data function's labels are class indices; set oneHot: true)", location: { file: record.file, line: 8, column: 9 } };
  const finished = { type: 'run-finished', runId: record.runId, time: record.startedAt, status: 'failed', backend: 'wasm', epochsCompleted: 0, samplesPerSecond: 0, metrics: {}, error, diagnostics: [] };
  const failed = { ...record, status: 'failed', epochsCompleted: 0, metrics: undefined, bestEpoch: undefined, bestMetrics: undefined, samplesPerSecond: 0, error, endedAt: record.startedAt };
  return [{ type: 'run-snapshot', run: { record: failed, events: [...kept, finished], colorIndex: 0 }, rules }];
}

function emptyScenario() {
  const { record } = fixture('digits-deep');
  const waiting = { ...record, status: 'running', epochsCompleted: 0, metrics: undefined, bestEpoch: undefined, bestMetrics: undefined, endedAt: undefined, samplesPerSecond: undefined, backend: undefined };
  return [{ type: 'run-snapshot', run: { record: waiting, events: [], colorIndex: 0 }, rules }];
}

function compareScenario() {
  const runs = [
    ['digits-mlp', 0, 'baseline'],
    ['digits-mlp-b64', 1, 'bigger batches, other seed'],
    ['digits-deep', 2, undefined],
  ].map(([name, colorIndex, notes]) => {
    const { record, events } = fixture(name);
    return { record: { ...record, notes }, events, colorIndex };
  });
  return [{ type: 'compare-snapshot', runs }];
}

// ---------------------------------------------------------------- workflow views (recorded by `modellab lr-find|sweep|cross-validate`)

const workflowSnapshot = (view) => ({ type: 'workflow-snapshot', view });

/** The range test as the panel sees it: snapshots with more steps each, then (when `until` is 1) the result. */
function lrFindScenario({ until = 1, failed } = {}) {
  const { events } = fixture('lr-find-digits');
  const started = events.find((e) => e.type === 'lr-find-started');
  const steps = events.filter((e) => e.type === 'lr-find-step');
  const finished = events.find((e) => e.type === 'lr-find-finished');
  const shown = steps.slice(0, Math.round(steps.length * until));
  const base = { kind: 'lr-find', experiment: started.experiment, file: started.file, status: 'running' };
  const messages = [];
  for (let n = 10; n < shown.length; n += 20) messages.push(workflowSnapshot({ ...base, steps: shown.slice(0, n) }));
  if (failed) messages.push(workflowSnapshot({ ...base, status: 'failed', steps: shown, error: failed }));
  else if (until >= 1) messages.push(workflowSnapshot({ ...base, status: 'finished', steps: shown, finished }));
  else messages.push(workflowSnapshot({ ...base, steps: shown }));
  return messages;
}

/** A member run's live state after `epochs` epochs (all of them: as it ended). */
function memberState({ record, epochs: history }, epochs = history.length) {
  const done = epochs >= history.length;
  return { runId: record.runId, index: record.group.index, status: done ? record.status : 'running', epochsCompleted: Math.min(epochs, history.length), epochs: record.epochs, metrics: history[Math.min(epochs, history.length) - 1], bestMetrics: done ? record.bestMetrics : undefined, diagnosticsCount: done ? record.diagnosticsCount : 0, tested: false };
}

/** A group as it was with `finished` members ended and the next `training` ones part-way (at `epochFraction`). */
function groupScenario(name, { finished, training = 0, epochFraction = 0.4 } = {}) {
  const { group, runs } = fixture(name);
  if (finished === undefined) return [workflowSnapshot({ kind: group.kind, record: group, runs: runs.map((r) => memberState(r)) })];
  const members = group.members.slice(0, finished);
  const live = runs.slice(finished, finished + training).map((r) => memberState(r, Math.max(1, Math.round(r.epochs.length * epochFraction))));
  const record = { ...group, status: 'running', members, endedAt: undefined, best: undefined, mean: undefined, std: undefined };
  return [
    workflowSnapshot({ kind: group.kind, record, runs: [...runs.slice(0, finished).map((r) => memberState(r)), ...live.map((m) => ({ ...m, epochsCompleted: Math.max(0, m.epochsCompleted - 1) }))] }),
    workflowSnapshot({ kind: group.kind, record, runs: [...runs.slice(0, finished).map((r) => memberState(r)), ...live] }),
  ];
}

const scenarios = [
  { name: 'run-live-dark', view: 'run', theme: 'dark', messages: runScenario('digits-deep', { fraction: 0.3, streamUntil: 0.6 }), tabs: ['curves', 'layers'] },
  { name: 'run-done-light', view: 'run', theme: 'light', messages: runScenario('digits-mlp', { fraction: 0.5 }), tabs: ['curves', 'layers', 'model', 'diagnostics'] },
  { name: 'run-deep-dark', view: 'run', theme: 'dark', messages: runScenario('digits-deep'), tabs: ['curves', 'layers', 'model'] },
  { name: 'dead-relu-dark', view: 'run', theme: 'dark', messages: runScenario('dead-relu'), tabs: ['layers', 'diagnostics'] },
  { name: 'saturated-hc', view: 'run', theme: 'hc', messages: runScenario('saturated-activation'), tabs: ['layers', 'diagnostics'] },
  { name: 'diverged-light', view: 'run', theme: 'light', messages: runScenario('diverged'), tabs: ['curves', 'layers', 'diagnostics'] },
  { name: 'failed-dark', view: 'run', theme: 'dark', messages: failedScenario(), tabs: ['curves'] },
  { name: 'empty-dark', view: 'run', theme: 'dark', messages: emptyScenario(), tabs: ['curves', 'layers', 'model'] },
  { name: 'deleted-light', view: 'run', theme: 'light', messages: runScenario('digits-mlp', { after: [{ type: 'run-deleted', runId: fixture('digits-mlp').record.runId }] }), tabs: ['curves'] },
  { name: 'compare-dark', view: 'compare', theme: 'dark', messages: compareScenario() },
  { name: 'compare-light', view: 'compare', theme: 'light', messages: compareScenario() },
  { name: 'workflow-lr-find-dark', view: 'workflow', theme: 'dark', messages: lrFindScenario() },
  { name: 'workflow-lr-find-light', view: 'workflow', theme: 'light', messages: lrFindScenario() },
  { name: 'workflow-lr-find-live-dark', view: 'workflow', theme: 'dark', messages: lrFindScenario({ until: 0.6 }) },
  { name: 'workflow-lr-find-failed-light', view: 'workflow', theme: 'light', messages: lrFindScenario({ until: 0.1, failed: "No experiment named 'nope' in samples/digits-mlp.model.ts. It has: 'digits-mlp'" }) },
  { name: 'workflow-sweep-dark', view: 'workflow', theme: 'dark', messages: groupScenario('sweep-iris'), clicks: [['sorted-by-learningRate', 'th button[data-column="param:learningRate"]']] },
  { name: 'workflow-sweep-light', view: 'workflow', theme: 'light', messages: groupScenario('sweep-iris') },
  { name: 'workflow-sweep-live-dark', view: 'workflow', theme: 'dark', messages: groupScenario('sweep-iris', { finished: 3, training: 2 }) },
  { name: 'workflow-cv-dark', view: 'workflow', theme: 'dark', messages: groupScenario('cv-breast-cancer') },
  { name: 'workflow-cv-light', view: 'workflow', theme: 'light', messages: groupScenario('cv-breast-cancer') },
  { name: 'workflow-cv-live-hc', view: 'workflow', theme: 'hc', messages: groupScenario('cv-breast-cancer', { finished: 2, training: 2 }) },
];

const THEMES = {
  dark: { className: 'vscode-dark', vars: { 'editor-foreground': '#cccccc', 'editor-background': '#1f1f1f', 'foreground': '#cccccc', 'descriptionForeground': '#9d9d9d', 'panel-border': '#2b2b2b', 'editorWidget-background': '#202020', 'textLink-foreground': '#4daafc', 'errorForeground': '#f85149', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'button-background': '#0078d4', 'button-foreground': '#ffffff', 'font-family': 'system-ui, "Segoe UI", "Ubuntu", sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace' } },
  light: { className: 'vscode-light', vars: { 'editor-foreground': '#3b3b3b', 'editor-background': '#ffffff', 'foreground': '#3b3b3b', 'descriptionForeground': '#717171', 'panel-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'textLink-foreground': '#005fb8', 'errorForeground': '#f85149', 'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-green': '#388a34', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-purple': '#652d90', 'button-background': '#005fb8', 'button-foreground': '#ffffff', 'font-family': 'system-ui, "Segoe UI", "Ubuntu", sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace' } },
  hc: { className: 'vscode-high-contrast', vars: { 'editor-foreground': '#ffffff', 'editor-background': '#000000', 'foreground': '#ffffff', 'descriptionForeground': '#ffffff', 'panel-border': '#6fc3df', 'contrastBorder': '#6fc3df', 'textLink-foreground': '#21a6ff', 'errorForeground': '#f48771', 'charts-red': '#f48771', 'charts-blue': '#3794ff', 'charts-green': '#89d185', 'charts-yellow': '#ffd700', 'charts-orange': '#d18616', 'charts-purple': '#b180d7', 'font-family': 'system-ui, sans-serif', 'font-size': '13px' } },
};

for (const [name, theme] of Object.entries(THEMES)) {
  // A stylesheet, not inline styles: the page runs under the panel's CSP. On <html>, as VS Code does.
  const vars = Object.entries(theme.vars).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n');
  writeFileSync(join(pages, `theme-${name}.css`), `html {\n${vars}\n}\n`);
}

function page(s, origin) {
  const nonce = randomBytes(16).toString('base64');
  const data = JSON.stringify(s.messages).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${origin} data:; style-src ${origin}; font-src ${origin}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/.scratch/webview/pages/theme-${s.theme}.css">
<link rel="stylesheet" href="${origin}/dist/webview/dashboard.css">
<title>${s.name}</title></head>
<body class="${THEMES[s.theme].className}" data-view="${s.view}"><div id="app"></div>
<script nonce="${nonce}">
  // Fake VS Code host: answers 'ready' with the snapshot, then streams the rest a few times a second.
  window.__posted = []; window.__violations = []; window.__done = false;
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample || '')));
  const messages = ${data};
  let state = ${s.state ? JSON.stringify(s.state) : 'undefined'};
  window.acquireVsCodeApi = () => ({
    postMessage(m) {
      window.__posted.push(m);
      if (m.type !== 'ready') return;
      messages.forEach((msg, i) => setTimeout(() => { window.postMessage(msg, '*'); if (i === messages.length - 1) setTimeout(() => (window.__done = true), 300); }, 50 + i * 60));
    },
    getState: () => state,
    setState: (s) => { state = s; window.__state = s; },
  });
</script>
<script nonce="${nonce}" src="${origin}/dist/webview/dashboard.js"></script>
</body></html>`;
}

const server = createServer((req, res) => {
  if (req.url === '/favicon.ico') return res.writeHead(204).end();
  const path = join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!path.startsWith(root)) return res.writeHead(403).end();
  try {
    const body = readFileSync(path);
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' }[extname(path)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(serve ? 5199 : 0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const chosen = scenarios.filter((s) => !only || s.name.includes(only));
for (const s of chosen) writeFileSync(join(pages, `${s.name}.html`), page(s, origin));

if (serve) {
  for (const s of chosen) console.log(`${origin}/.scratch/webview/pages/${s.name}.html`);
} else {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  let problems = 0;
  for (const s of chosen) {
    const p = await browser.newPage({ viewport: { width: Number(process.env.PREVIEW_WIDTH ?? 1280), height: 900 } });
    const errors = [];
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${origin}/.scratch/webview/pages/${s.name}.html`);
    await p.waitForFunction(() => window.__done, null, { timeout: 30_000 });
    for (const tab of s.tabs ?? [null]) {
      if (tab) await p.click(`nav.tabs button:nth-child(${['curves', 'layers', 'model', 'diagnostics'].indexOf(tab) + 1})`);
      await p.waitForTimeout(150);
      const file = join(out, `${s.name}${tab ? `-${tab}` : ''}.png`);
      await p.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    for (const [label, selector] of s.clicks ?? []) {
      await p.click(selector);
      await p.waitForTimeout(150);
      const file = join(out, `${s.name}-${label}.png`);
      await p.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    const violations = await p.evaluate(() => window.__violations);
    const posted = await p.evaluate(() => window.__posted.map((m) => m.type));
    const state = await p.evaluate(() => window.__state);
    if (errors.length || violations.length) problems++;
    console.log(`  ${s.name}: posted ${JSON.stringify(posted)}, state ${JSON.stringify(state)}${errors.length ? `\n  ERRORS ${errors.join('\n  ')}` : ''}${violations.length ? `\n  CSP ${violations.join('\n  ')}` : ''}`);
    await p.close();
  }
  await browser.close();
  server.close();
  if (problems) process.exitCode = 1;
}
