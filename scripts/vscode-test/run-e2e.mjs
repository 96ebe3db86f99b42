#!/usr/bin/env node
// End-to-end UI flows through the packaged extension, the way a user meets it:
//   npm run package -> dist/modellab.vsix -> code-server --install-extension -> code-server (entry.js) on a
//   copy of samples/ -> Debian's Chromium driven by playwright-core.
// Flows: first, a fresh workspace holding one model file: click "▶ Train this model", the dashboard it
// opened shows the loss curve with points while the run goes and its final state after, also across a
// window reload mid-run. Then on a copy of samples/: open digits-mlp.model.ts, click the "▶ Train this model" CodeLens, see the dashboard draw, see
// the run in the Model Lab tree; open faulty/dead-relu.model.ts, train it, see dead-relu in Problems on the
// right line, apply the quick fix with Ctrl+. and see the file change.
// Screenshots of every step: test-results/vscode-e2e/NN-step.png.
// Usage: node scripts/vscode-test/run-e2e.mjs [--no-build] [--no-package] [--first-click-only]
// Env: MODELLAB_KEEP_TMP=1 (keep the temp folders), MODELLAB_E2E_KEEP_GOING=1 (go on after a failed UI step).
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE_SETTINGS, CHROMIUM_ARGS, checkInstalled, copySamples, elapsed, freePort, killGroup, log, trackGroup, paths, tempDir, writeSettings } from './common.mjs';

const started = Date.now();
const shotsDir = path.join(paths.results, 'vscode-e2e');
const vsix = path.join(paths.repo, 'dist', 'modellab.vsix');
const results = [];
let page;
let shotIndex = 0;
let lastShot;

try {
  checkInstalled();
} catch (e) {
  console.error(`run-e2e: ${e.message}`);
  process.exit(2);
}
fs.rmSync(shotsDir, { recursive: true, force: true });
fs.mkdirSync(shotsDir, { recursive: true });

if (!process.argv.includes('--no-package')) {
  if (!process.argv.includes('--no-build')) {
    const tb = Date.now();
    log('e2e: npm run build');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: paths.repo, stdio: 'inherit' });
    log(`e2e: built in ${elapsed(tb)}`);
  }
  const t0 = Date.now();
  log('e2e: npm run package');
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: paths.repo, stdio: 'inherit' });
  log(`e2e: packaged ${path.relative(paths.repo, vsix)} (${(fs.statSync(vsix).size / 1e6).toFixed(1)} MB) in ${elapsed(t0)}`);
}
if (!fs.existsSync(vsix)) {
  console.error(`run-e2e: ${vsix} is missing (npm run package)`);
  process.exit(2);
}

// What the .vsix must (and must not) hold: checked before installing it.
{
  const names = zipEntries(vsix).map((n) => n.replace(/^extension\//, ''));
  const must = [
    'package.json',
    'dist/extension.js',
    'dist/train-worker.js',
    'dist/train-replica.js',
    'dist/webview/dashboard.js',
    'dist/types/modellab.d.ts',
    'samples/digits-mlp.model.ts',
    'samples/faulty/dead-relu.model.ts',
    'samples/data/digits.csv',
    'node_modules/@tensorflow/tfjs/dist/tf.node.js',
    'node_modules/@tensorflow/tfjs-core/dist/index.d.ts',
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
    'node_modules/esbuild/lib/main.js',
    'node_modules/@esbuild/linux-x64/bin/esbuild',
    'node_modules/modellab-typescript-plugin/index.js',
    'node_modules/onnxruntime-node/dist/index.js',
    'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
    'node_modules/onnxruntime-common/package.json',
    'node_modules/protobufjs/package.json',
    'node_modules/pngjs/package.json',
    'node_modules/jpeg-js/package.json',
    'src/engine/onnx/onnx.proto',
  ];
  const missing = must.filter((m) => !names.includes(m));
  const mustNot = [/^src\/(?!engine\/onnx\/onnx\.proto$)/, /^test\//, /^bench\//, /^scripts\//, /^webview\//, /(^|\/)\.modellab\//, /^\.scratch\//, /^\.vscode-test\//, /^out\//, /^test-results\//, /\.vsix$/];
  const unwanted = names.filter((n) => mustNot.some((re) => re.test(n)));
  log(`e2e: ${path.basename(vsix)} holds ${names.length} files`);
  results.push({
    name: 'the .vsix holds what it must and nothing it must not',
    ok: !missing.length && !unwanted.length,
    soft: false,
    time: '0 s',
    error: [missing.length ? `missing: ${missing.join(', ')}` : '', unwanted.length ? `unwanted: ${unwanted.slice(0, 10).join(', ')}${unwanted.length > 10 ? ` (+${unwanted.length - 10})` : ''}` : ''].filter(Boolean).join('; ') || undefined,
  });
  if (missing.length || unwanted.length) log(`  FAIL .vsix contents: ${results.at(-1).error}`);
}

const tmp = tempDir('e2e');
const ws = copySamples(path.join(tmp, 'workspace'));
const userData = path.join(tmp, 'user-data');
const extensions = path.join(tmp, 'extensions');
fs.mkdirSync(extensions, { recursive: true });
writeSettings(userData, {
  ...BASE_SETTINGS,
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
  'problems.autoReveal': true,
  'editor.lightbulb.enabled': 'on',
});

const nodeEnv = { ...process.env, PATH: `${path.dirname(paths.node24)}${path.delimiter}${process.env.PATH}` };
let server;
let browser;
let failed;
try {
  await step('install the .vsix into code-server', async () => {
    const out = execFileSync(paths.node24, [paths.codeServerEntry, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
      env: nodeEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const line of out.trim().split('\n')) log(`  code-server| ${line}`);
    const installed = fs.readdirSync(extensions).filter((d) => d.startsWith('modellab.modellab'));
    if (!installed.length) throw new Error(`no modellab.modellab-* folder in ${extensions} after --install-extension: ${fs.readdirSync(extensions).join(', ')}`);
    log(`  installed ${installed.join(', ')}`);
  }, { screenshot: false });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  await step('start code-server', async () => {
    server = spawn(
      paths.node24,
      [paths.codeServerEntry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, ws],
      { cwd: tmp, env: nodeEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    trackGroup(server);
    const logFile = fs.createWriteStream(path.join(shotsDir, 'code-server.log'));
    server.stdout.pipe(logFile);
    server.stderr.pipe(logFile);
    await waitForHttp(`${base}/healthz`, 60_000);
  }, { screenshot: false });

  browser = await chromium.launch({ executablePath: paths.chromium, args: CHROMIUM_ARGS, headless: !process.env.MODELLAB_E2E_HEADED });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => log(`  page error: ${e.message}`));

  // ---------------------------------------------------------------- the first click, in a fresh workspace
  // A new user's first steps: a folder holding one model file (no package.json, .git or .modellab), the file
  // opened, "▶ Train this model" clicked with the default settings. The dashboard that click opened must show
  // the loss curve with points while the run goes, then its final state, without being reopened; and again
  // after a window reload in the middle of a run.
  const fresh = path.join(tmp, 'fresh-workspace');
  fs.mkdirSync(fresh, { recursive: true });
  fs.copyFileSync(path.join(paths.repo, 'test', 'vscode', 'fixtures', 'first-click', 'moons.model.ts'), path.join(fresh, 'moons.model.ts'));
  const freshEpochs = Number(/epochs:\s*(\d+)/.exec(fs.readFileSync(path.join(fresh, 'moons.model.ts'), 'utf8'))[1]);
  await step('open a fresh workspace holding one model file', () => openFolder(base, fresh));
  await step('open moons.model.ts with Ctrl+P', () => openWithQuickOpen('moons.model.ts'), { retries: 2 });
  const moonsEditor = editorFor('moons.model.ts');
  await step('first click: "▶ Train this model" with the default settings', async () => {
    const lens = moonsEditor.locator('.codelens-decoration a', { hasText: 'Train this model' }).first();
    await lens.waitFor({ timeout: 90_000 });
    await lens.click();
  });
  let firstRunId;
  await step('the dashboard the click opened shows the loss curve with points while the run goes', async () => {
    // The run id is read from the header with a short timeout: under load a read can miss it (''), which is
    // no switch of runs; wait for a state that has it.
    const seen = await pollDashboard('a running dashboard whose "Loss per step" chart has points', (state) => state.runId !== '' && state.status.startsWith('running') && state.charts['Loss per step']?.[0] > 0, 120_000);
    firstRunId = seen.runId;
    await takeShot('first click - the dashboard while the run goes');
    // Per-step points are thinned to a fixed number once there are many; epochs are not.
    const epochPoints = (state) => state.charts['Loss per epoch']?.[0] ?? 0;
    const later = await pollDashboard('more epoch points while it still runs', (state) => state.runId !== '' && epochPoints(state) > epochPoints(seen), 30_000);
    log(`  run ${seen.runId}: first seen "${seen.status}" with ${seen.charts['Loss per step'][0]} step and ${epochPoints(seen)} epoch points; then "${later.status}" with ${epochPoints(later)} epoch points`);
    if (later.runId !== seen.runId) throw new Error(`the dashboard switched runs: ${seen.runId} → ${later.runId}`);
  });
  await step('the same dashboard shows the final state once the run ends', async () => {
    const done = await pollDashboard('"completed" on the dashboard', (state) => state.runId !== '' && state.status.startsWith('completed'), 240_000);
    log(`  ${done.runId}: "${done.status}", loss per epoch ${done.charts['Loss per epoch']} points`);
    if (done.runId !== firstRunId) throw new Error(`the dashboard shows ${done.runId}, not the run the click started (${firstRunId})`);
    if (done.charts['Loss per epoch']?.[0] !== freshEpochs) throw new Error(`"Loss per epoch" has ${done.charts['Loss per epoch']} points, expected ${freshEpochs} (one per epoch)`);
  });
  await step('train again, reload the window mid-run: the restored dashboard shows the run with its curves and its end', async () => {
    await openWithQuickOpen('moons.model.ts');
    const lens = moonsEditor.locator('.codelens-decoration a', { hasText: 'Train this model' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const running = await pollDashboard('the second run training, with points', (state) => state.runId !== '' && state.runId !== firstRunId && state.status.startsWith('running') && state.charts['Loss per step']?.[0] > 0, 120_000);
    log(`  before the reload: ${running.runId} "${running.status}", ${running.charts['Loss per step'][0]} step points`);
    await reloadWindow();
    const restored = await pollDashboard('the restored dashboard with its run and points', (state) => state.runId === running.runId && state.charts['Loss per step']?.[0] > 0, 120_000);
    await takeShot('after the reload - the restored dashboard');
    const ended = await pollDashboard('the restored dashboard to show how the run ended', (state) => /^(completed|cancelled|interrupted)/.test(state.status), 240_000);
    log(`  after the reload: ${restored.runId} "${restored.status}", ${restored.charts['Loss per step'][0]} step points → "${ended.status}", loss per epoch ${ended.charts['Loss per epoch']?.[0] ?? 0} points`);
    if (!(ended.charts['Loss per epoch']?.[0] > 0)) throw new Error('the restored dashboard has no loss-per-epoch points');
  });

  // `--first-click-only`: stop here (a quicker loop while working on the first steps).
  samples: {
  if (process.argv.includes('--first-click-only')) break samples;
  await step('open the workspace in the workbench', () => openFolder(base, ws));

  // ---------------------------------------------------------------- digits-mlp: CodeLens -> dashboard -> tree
  await step('open digits-mlp.model.ts with Ctrl+P', () => openWithQuickOpen('digits-mlp.model.ts'), { retries: 2 });
  const digitsEditor = editorFor('digits-mlp.model.ts');

  await step('the "▶ Train this model" CodeLens appears', async () => {
    await digitsEditor.locator('.codelens-decoration a', { hasText: 'Train this model' }).first().waitFor({ timeout: 90_000 });
  });

  await step('click "Train this model"', async () => {
    await digitsEditor.locator('.codelens-decoration a', { hasText: 'Train this model' }).first().click();
  });

  await step('the dashboard webview draws its charts', async () => {
    const frame = page.frameLocator('iframe.webview >> visible=true').first().frameLocator('#active-frame');
    await frame.locator('canvas').first().waitFor({ timeout: 60_000 });
    const drawn = await poll(
      'drawn canvases in the dashboard (non-transparent pixels)',
      async () => {
        const counts = await frame.locator('canvas').evaluateAll((canvases) =>
          canvases.map((c) => {
            const el = /** @type {HTMLCanvasElement} */ (c);
            if (!el.width || !el.height) return 0;
            const ctx = el.getContext('2d');
            if (!ctx) return 0;
            const data = ctx.getImageData(0, 0, el.width, el.height).data;
            let n = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
            return n;
          }),
        );
        return counts.filter((n) => n > 500).length >= 1 ? counts : undefined;
      },
      90_000,
    );
    log(`  canvases (non-transparent pixels each): ${drawn.join(', ')}`);
  });

  await step('the run ends: "completed" on the dashboard, "Last run:" in the CodeLens', async () => {
    const frame = page.frameLocator('iframe.webview >> visible=true').first().frameLocator('#active-frame');
    await frame.getByText('completed', { exact: true }).first().waitFor({ timeout: 180_000 });
    await openWithQuickOpen('digits-mlp.model.ts');
    await digitsEditor.locator('.codelens-decoration a', { hasText: 'Last run' }).first().waitFor({ timeout: 180_000 });
    const text = await digitsEditor.locator('.codelens-decoration').first().innerText();
    log(`  lenses: ${text.replace(/\s+/g, ' ')}`);
  });

  await step('after a window reload the dashboard comes back with its run (WebviewPanelSerializer + saved state)', async () => {
    await reloadWindow();
    const frame = page.frameLocator('iframe.webview >> visible=true').first().frameLocator('#active-frame');
    await frame.getByText('digits-mlp', { exact: true }).first().waitFor({ timeout: 90_000 });
    await frame.getByText('completed', { exact: true }).first().waitFor({ timeout: 30_000 });
    await frame.locator('canvas').first().waitFor({ timeout: 30_000 });
  });

  await step('the run shows in the Model Lab tree', async () => {
    await showModelLabView();
    const found = await poll(
      'digits-mlp.model.ts → digits-mlp → a run row in the Model Lab tree',
      async () => {
        await expandAll(sidebar(), /digits-mlp/);
        const rows = await treeRows();
        const file = rows.findIndex((r) => r.text.startsWith('digits-mlp.model.ts'));
        if (file < 0) return undefined;
        const exp = rows.findIndex((r, i) => i > file && r.level === rows[file].level + 1 && r.text.startsWith('digits-mlp'));
        if (exp < 0) return undefined;
        const runs = [];
        for (let i = exp + 1; i < rows.length && rows[i].level > rows[exp].level; i++) if (rows[i].level === rows[exp].level + 1) runs.push(rows[i].text);
        return runs.length ? { file: rows[file].text, exp: rows[exp].text, runs } : undefined;
      },
      30_000,
    );
    log(`  tree: ${found.file} → ${found.exp} → ${found.runs.join(' | ')}`);
  });

  // ---------------------------------------------------------------- export the run to ONNX from the tree
  await step('export the digits-mlp run to ONNX from its context menu in the tree', async () => {
    await showModelLabView();
    await expandAll(sidebar(), /digits-mlp/);
    // The only run so far is the digits-mlp one: runs are the tree's third level.
    const runRow = sidebar().locator('.monaco-list-row[aria-level="3"]').first();
    await runRow.waitFor({ timeout: 20_000 });
    const item = await openContextMenuItem(runRow, 'Export Run to ONNX');
    await takeShot('the run context menu');
    await item.click();
    const note = page.locator('.notification-list-item-message', { hasText: 'Model Lab exported' }).first();
    await note.waitFor({ timeout: 120_000 });
    log(`  notification: ${(await note.innerText()).replace(/\s+/g, ' ')}`);
    const runsDir = path.join(ws, '.modellab', 'runs');
    const exported = fs.readdirSync(runsDir).map((id) => path.join(runsDir, id, 'model.onnx')).filter((f) => fs.existsSync(f));
    if (exported.length !== 1) throw new Error(`expected one model.onnx in ${runsDir}, found ${exported.length}`);
    if (fs.statSync(exported[0]).size < 1000) throw new Error(`${exported[0]} is too small to be the model`);
    if (!/verified with onnxruntime/.test(await note.innerText())) throw new Error('the export was not verified with onnxruntime');
  });

  // ---------------------------------------------------------------- dead-relu: train -> Problems -> quick fix
  const deadRelu = path.join(ws, 'faulty', 'dead-relu.model.ts');
  const original = fs.readFileSync(deadRelu, 'utf8');
  const expectedLine = original.split(/\r?\n/).findIndex((l) => l.includes('tf.layers.dense(')) + 1; // 1-based, as Problems shows it
  await step('open faulty/dead-relu.model.ts', () => openWithQuickOpen('dead-relu.model.ts', 'faulty'), { retries: 2 });
  const reluEditor = editorFor('dead-relu.model.ts');

  await step('train dead-relu from its CodeLens', async () => {
    const lens = reluEditor.locator('.codelens-decoration a', { hasText: 'Train this model' }).first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    await openWithQuickOpen('dead-relu.model.ts', 'faulty');
    await reluEditor.locator('.codelens-decoration a', { hasText: 'Last run' }).first().waitFor({ timeout: 180_000 });
  });

  const expectedColumn = original.split(/\r?\n/)[expectedLine - 1].indexOf('tf.layers.dense(') + 1;
  const problemRows = () => page.locator('.markers-panel .monaco-list-row', { hasText: 'Model Lab' }).filter({ hasText: 'dead-relu' });
  await step(`Problems (Ctrl+Shift+M) shows dead-relu on line ${expectedLine}`, async () => {
    await focusEditor(reluEditor);
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: 20_000 });
    const row = problemRows().first();
    await row.waitFor({ timeout: 60_000 });
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    log(`  problem: ${text}`);
    if (!text.includes(`Ln ${expectedLine},`)) throw new Error(`the dead-relu problem is not on line ${expectedLine}: "${text}"`);
  });

  let fixTitle = '';
  await step('apply the quick fix with Ctrl+.', async () => {
    // Put the cursor on the diagnostic (Ctrl+P ":line:column"), then Ctrl+. (or the light bulb).
    await focusEditor(reluEditor);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${expectedLine}:${expectedColumn + 2}`);
    await page.locator('.quick-input-widget', { hasText: /line/i }).first().waitFor({ timeout: 5_000 }).catch(() => {});
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    const widget = page.locator('.action-widget >> visible=true').first();
    let opened = false;
    for (let attempt = 0; attempt < 3 && !opened; attempt++) {
      await page.keyboard.press('Control+Period');
      opened = await widget.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false);
      if (!opened) {
        const bulb = page.locator('.lightBulbWidget >> visible=true').first();
        if (await bulb.isVisible().catch(() => false)) {
          await bulb.click({ timeout: 5_000 }).catch(() => {});
          opened = await widget.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
        }
      }
    }
    if (!opened) throw new Error('the quick fix menu (.action-widget) did not open');
    const items = widget.locator('.monaco-list-row.action');
    const titles = (await items.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`  quick fixes: ${titles.join(' | ')}`);
    await takeShot('quick fix menu');
    let item = items.filter({ hasText: /bias|leaky|ReLU|init/i }).first();
    if (!(await item.count())) item = items.first();
    fixTitle = (await item.innerText()).replace(/\s+/g, ' ').trim();
    await item.click();
    await page.waitForTimeout(500);
    await focusEditor(reluEditor, false);
    await page.keyboard.press('Control+S');
    const changed = await poll('the file to change on disk', () => {
      const now = fs.readFileSync(deadRelu, 'utf8');
      return now !== original ? now : undefined;
    }, 15_000);
    const before = original.split(/\r?\n/)[expectedLine - 1].trim();
    const after = changed.split(/\r?\n/)[expectedLine - 1].trim();
    log(`  "${fixTitle}":\n    before: ${before}\n    after:  ${after}`);
    if (/bias/i.test(fixTitle) && /constant\(\{\s*value:\s*-6/.test(after)) throw new Error(`"${fixTitle}" left the negative bias: ${after}`);
    if (/leaky/i.test(fixTitle) && !/leakyReLU/i.test(changed)) throw new Error(`"${fixTitle}" did not add leakyReLU`);
  });

  await step('the dead-relu problem goes away', async () => {
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10_000 });
    await poll('no dead-relu row in Problems', async () => (await problemRows().count()) === 0, 30_000);
  });

  // ---------------------------------------------------------------- a sweep from its CodeLens
  await step('open iris-sweep.model.ts', () => openWithQuickOpen('iris-sweep.model.ts'), { retries: 2 });
  const sweepEditor = editorFor('iris-sweep.model.ts');
  await step('"Run sweep (6 trials)" from its CodeLens: the sweep view ranks the trials, marks the best and draws parallel coordinates', async () => {
    const lens = sweepEditor.locator('.codelens-decoration a', { hasText: 'Run sweep' }).first();
    await lens.waitFor({ timeout: 60_000 });
    log(`  lens: ${(await lens.innerText()).trim()}`);
    await lens.click();
    const frame = page.frameLocator('iframe.webview >> visible=true').first().frameLocator('#active-frame');
    await frame.locator('table').first().waitFor({ timeout: 60_000 });
    await frame.locator('.run-header', { hasText: 'completed' }).first().waitFor({ timeout: 240_000 });
    const lines = await poll('six trial lines in the parallel coordinates', async () => {
      const n = await frame.locator('svg polyline').count();
      return n >= 6 ? n : undefined;
    }, 20_000);
    const rows = (await frame.locator('tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    log(`  ${lines} lines; trials: ${rows.length}; first row: ${rows[0]}`);
    if (rows.length !== 6) throw new Error(`expected 6 trial rows, got ${rows.length}`);
    if (rows.filter((r) => r.includes('★')).length !== 1) throw new Error(`expected exactly one best (★) row: ${rows.join(' | ')}`);
    const groups = fs.readdirSync(path.join(ws, '.modellab', 'runs', '.groups'));
    if (groups.length !== 1) throw new Error(`expected one group record, found ${groups.join(', ')}`);
  });

  await step('model files get the types of modellab and tfjs (TypeScript plugin): no "Cannot find module", typed hover', async () => {
    await openWithQuickOpen('digits-mlp.model.ts');
    const text = fs.readFileSync(path.join(ws, 'digits-mlp.model.ts'), 'utf8').split(/\r?\n/);
    const line = text.findIndex((l) => /\bexperiment\s*\(/.test(l));
    const column = text[line].search(/\bexperiment\s*\(/) + 3;
    const hoverText = await poll(
      'a hover on experiment( with its type',
      async () => {
        await page.keyboard.press('Escape');
        await focusEditor(digitsEditor);
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').first().fill(`:${line + 1}:${column}`);
        await page.keyboard.press('Enter');
        await page.waitForTimeout(300);
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const hover = page.locator('.monaco-hover-content >> visible=true').first();
        await hover.waitFor({ timeout: 5_000 });
        const t = (await hover.innerText()).replace(/\s+/g, ' ');
        return /experiment/.test(t) && !/loading/i.test(t) ? t : undefined;
      },
      60_000,
      1000,
    );
    log(`  hover: ${hoverText.slice(0, 200)}`);
    await takeShot('hover on experiment');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    const bad = rows.filter((t) => /Cannot find module|has no exported member/.test(t));
    if (bad.length) throw new Error(`TypeScript reports: ${bad.map((t) => t.replace(/\s+/g, ' ')).join(' | ')}`);
    if (/:\s*any\b/.test(hoverText)) throw new Error(`experiment is typed any: ${hoverText.slice(0, 200)}`);
  }, { soft: true });
  }
} catch (e) {
  failed = e;
} finally {
  await browser?.close().catch(() => {});
  await killGroup(server, 'code-server');
  if (process.env.MODELLAB_KEEP_TMP) log(`e2e: kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}

console.log('\nE2E summary:');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : r.soft ? 'WARN' : 'FAIL'}  ${r.name}  (${r.time})${r.shot ? `  ${path.relative(paths.repo, r.shot)}` : ''}${r.error ? `\n        ${r.error}` : ''}`);
console.log(`  screenshots: ${path.relative(paths.repo, shotsDir)}/   total ${elapsed(started)}`);
if (!failed && results.some((r) => !r.ok && !r.soft)) failed = new Error(`failed: ${results.filter((r) => !r.ok && !r.soft).map((r) => r.name).join('; ')}`);
if (process.env.MODELLAB_E2E_KEEP_GOING && results.some((r) => !r.ok)) failed ??= new Error(`${results.filter((r) => !r.ok).length} step(s) failed`);
if (failed) {
  console.error(`\nrun-e2e FAILED: ${failed.message}`);
  process.exit(1);
}
process.exit(0);

// ---------------------------------------------------------------- helpers

async function step(name, fn, { retries = 0, screenshot = true, soft = false } = {}) {
  const t0 = Date.now();
  soft ||= !!process.env.MODELLAB_E2E_KEEP_GOING && screenshot; // debugging: go on after a failed UI step
  log(`e2e: ${name}`);
  let error;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      await fn();
      error = undefined;
      break;
    } catch (e) {
      error = e;
      if (attempt < retries) {
        log(`  retrying "${name}" (${e.message.split('\n')[0]})`);
        await page?.keyboard.press('Escape').catch(() => {});
      }
    }
  }
  const shot = screenshot || error ? await takeShot(name) : undefined;
  const r = { name, ok: !error, soft, time: elapsed(t0), shot, error: error && error.message.split('\n')[0] };
  results.push(r);
  if (error && !soft) throw new Error(`step "${name}" failed: ${error.message.split('\n')[0]}${shot || lastShot ? ` (last screenshot: ${path.relative(paths.repo, shot || lastShot)})` : ''}`);
  if (error) log(`  WARN ${name}: ${r.error}`);
}

async function takeShot(name) {
  if (!page) return undefined;
  const file = path.join(shotsDir, `${String(++shotIndex).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 70)}.png`);
  try {
    await page.screenshot({ path: file, timeout: 15_000 });
    lastShot = file;
    return file;
  } catch (e) {
    log(`  screenshot failed: ${e.message}`);
    return undefined;
  }
}

/** Opens a folder in the workbench, as a window of its own, and waits for it to be ready. */
async function openFolder(base, folder) {
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.locator('.explorer-folders-view, .activitybar').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2000);
}

/** Developer: Reload Window, as a user would: it saves the workbench (open editors, webview state) first. */
async function reloadWindow() {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>Developer: Reload Window');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Reload Window' }).first().click();
  await page.waitForEvent('load', { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/**
 * What the visible run dashboard shows: the run id and status badge of its header, and per chart (by title)
 * the points each series holds (the chart cards' data-points, what Chart.js draws). Empty while it loads.
 */
async function dashboardState() {
  const frame = page.frameLocator('iframe.webview >> visible=true').first().frameLocator('#active-frame');
  const header = frame.locator('.run-header').first();
  if (!(await header.count())) {
    // Not drawn yet: say what the panel shows instead ("Loading run…", nothing at all, an error).
    const body = await frame.locator('body').first().innerText({ timeout: 1_000 }).catch((e) => `(no webview: ${e.message.split('\n')[0]})`);
    return { runId: '', status: '', charts: {}, shows: body.replace(/\s+/g, ' ').slice(0, 200) };
  }
  const runId = ((await header.locator('.fact code').first().textContent({ timeout: 2_000 }).catch(() => '')) || '').trim();
  const status = ((await header.locator('.badge').first().textContent({ timeout: 2_000 }).catch(() => '')) || '').trim();
  const charts = await frame.locator('section.chart-card[data-chart]').evaluateAll((cards) =>
    Object.fromEntries(cards.map((c) => [c.getAttribute('data-chart'), (c.getAttribute('data-points') || '').split(',').filter(Boolean).map(Number)])),
  );
  return { runId, status, charts };
}

/** Polls the visible dashboard until `accept(state)`; a time-out says what it showed last. */
async function pollDashboard(what, accept, timeoutMs) {
  let last;
  let shown;
  try {
    return await poll(what, async () => {
      last = await dashboardState();
      const now = last.status || last.shows;
      if (now !== shown && !/^running · epoch/.test(now)) log(`  [${elapsed(started)}] dashboard: ${now}`);
      shown = now;
      return accept(last) ? last : undefined;
    }, timeoutMs, 250);
  } catch (e) {
    throw new Error(`${e.message.replace(/ \(last: .*\)$/, '')}; the dashboard showed ${JSON.stringify(last)}`);
  }
}

function editorFor(fileName) {
  return page.locator(`.monaco-editor[data-uri$="/${fileName}"]`).first();
}

async function focusEditor(editor, click = true) {
  if (click) await editor.locator('.view-lines').first().click({ position: { x: 200, y: 5 } }).catch(() => {});
  else await editor.locator('textarea, .native-edit-context').first().focus().catch(() => {});
}

async function openWithQuickOpen(fileName, folderHint) {
  await page.keyboard.press('Escape');
  await page.locator('.monaco-workbench').click({ position: { x: 800, y: 5 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(fileName);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).filter(folderHint ? { hasText: folderHint } : {}).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await editorFor(fileName).waitFor({ state: 'visible', timeout: 20_000 });
}

function sidebar() {
  return page.locator('.part.sidebar').first();
}

async function showModelLabView() {
  const item = page.locator('.activitybar .action-item a[aria-label^="Model Lab"], .activitybar .action-label[aria-label^="Model Lab"]').first();
  await item.waitFor({ timeout: 20_000 });
  const title = sidebar().locator('.composite.title', { hasText: /Model Lab/ });
  if (!(await title.isVisible().catch(() => false))) await item.click();
  await title.waitFor({ timeout: 20_000 });
  await sidebar().locator('.monaco-list-row').first().waitFor({ timeout: 30_000 });
}

/** The visible rows of the sidebar's tree: { level, text } (first line of each row). */
async function treeRows() {
  return sidebar()
    .locator('.monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => ({ level: Number(r.getAttribute('aria-level') || 0), text: (r.textContent || '').replace(/\s+/g, ' ').trim(), top: parseFloat(r.style.top || '0') })))
    .then((rows) => rows.sort((a, b) => a.top - b.top));
}

/**
 * Right-clicks a row and returns the named context-menu item. The tree may re-render
 * the row between the locate and the click (a run.json write refreshes it), which
 * swallows the click: so try again a few times, logging what the menu did show.
 */
async function openContextMenuItem(row, label, attempts = 4) {
  const item = page.locator('.context-view .action-item', { hasText: label }).first();
  for (let attempt = 1; ; attempt++) {
    await row.scrollIntoViewIfNeeded().catch(() => {});
    await row.click({ button: 'right' });
    try {
      await item.waitFor({ timeout: 5_000 });
      return item;
    } catch (e) {
      const shown = await page.locator('.context-view .action-item').allInnerTexts().catch(() => []);
      log(`  context menu try ${attempt}: no "${label}" (menu shows: ${shown.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' | ') || 'nothing'})`);
      if (attempt >= attempts) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

/** Expands the collapsed rows whose text matches. */
async function expandAll(container, match) {
  for (let round = 0; round < 4; round++) {
    const collapsed = container.locator('.monaco-list-row[aria-expanded="false"]', { hasText: match });
    const n = await collapsed.count();
    if (!n) return;
    await collapsed.first().click().catch(() => {});
    await page.waitForTimeout(300);
  }
}

async function poll(what, probe, timeoutMs, everyMs = 500) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** File names in a zip (its central directory). */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

async function waitForHttp(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server && server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode} (see ${path.relative(paths.repo, shotsDir)}/code-server.log)`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s`);
}
