#!/usr/bin/env node
// Runs the mocha suite (out/test/suite/index.js, built by build.mjs) inside the real extension host of
// code-server's VS Code server, with the extension loaded from this folder (no .vsix):
//   server-main.js --enable-smoke-test-driver  +  the `payload` URL parameter (extensionDevelopmentPath,
//   extensionTestsPath) opened in Debian's Chromium through playwright-core; the runner's exit code comes
//   back through window.codeAutomationExit. How and why: test/vscode/README.md.
// Usage: node scripts/vscode-test/run-integration.mjs [trusted|restricted|all]   (default: all)
// Env: MODELLAB_TEST_GREP (mocha grep), MODELLAB_KEEP_TMP=1 (keep the temp folders),
//      MODELLAB_TEST_DEADLINE_S (whole-launch limit, default 900).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { format as utilFormat } from 'node:util';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { BASE_SETTINGS, CHROMIUM_ARGS, checkInstalled, copySamples, elapsed, freePort, killGroup, log, trackGroup, paths, recordRunWithCli, tempDir, writeSettings } from './common.mjs';

// Lines of the server and workbench logs that say nothing about the extension (no gallery on this machine).
const NOISE = [/open-vsx\.org|ENOTFOUND|marketplace|gallery/i, /authentication provider 'github'/, /^\[(AgentHost|AccountPolicyGate|Service Worker)/, /connection token|Creating a socket|reconnection-grace-time/, /^Updating additional builtin extensions cache/, /vsda/];

const arg = process.argv[2] || 'all';
const scenarios = arg === 'all' ? ['trusted', 'restricted'] : [arg];
for (const s of scenarios) if (!['trusted', 'restricted'].includes(s)) fail(`unknown scenario ${s} (trusted|restricted|all)`);

function fail(message) {
  console.error(`run-integration: ${message}`);
  process.exit(2);
}

try {
  checkInstalled();
} catch (e) {
  fail(e.message);
}
// For debugging the harness itself: another extension folder and runner (the runner must be inside it).
const extensionDir = path.resolve(process.env.MODELLAB_TEST_EXTENSION_DIR || paths.repo);
const suiteFile = path.resolve(process.env.MODELLAB_TEST_SUITE || paths.suiteOut);
if (!fs.existsSync(suiteFile)) fail(`${suiteFile} is missing: run \`node scripts/vscode-test/build.mjs\` first`);
if (!suiteFile.startsWith(extensionDir + path.sep)) fail(`the test runner ${suiteFile} must be inside the extension folder ${extensionDir}`);
const main = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8')).main;
if (main && !fs.existsSync(path.join(extensionDir, main))) fail(`${path.join(extensionDir, main)} (package.json main) is missing: run \`npm run build\` first`);

const shotsDir = path.join(paths.results, 'vscode-integration');
fs.mkdirSync(shotsDir, { recursive: true });

const results = [];
for (const scenario of scenarios) {
  const t0 = Date.now();
  let code;
  try {
    code = await runScenario(scenario);
  } catch (e) {
    console.error(`run-integration [${scenario}]: ${e?.stack || e}`);
    code = 1;
  }
  results.push({ scenario, code, time: elapsed(t0) });
  log(`integration [${scenario}]: ${code === 0 ? 'PASSED' : `FAILED (exit ${code})`} in ${elapsed(t0)}`);
}
console.log('\nIntegration summary:');
for (const r of results) console.log(`  ${r.scenario.padEnd(10)} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}  ${r.time}`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);

async function runScenario(scenario) {
  const restricted = scenario === 'restricted';
  for (const f of fs.readdirSync(shotsDir)) if (f.startsWith(`${scenario}-`)) fs.rmSync(path.join(shotsDir, f));
  const tmp = tempDir(`it-${scenario}`);
  const ws = copySamples(path.join(tmp, 'workspace'));
  const userData = path.join(tmp, 'user-data');
  const serverData = path.join(tmp, 'server-data');
  const extensions = path.join(tmp, 'extensions');
  for (const d of [userData, serverData, extensions]) fs.mkdirSync(d, { recursive: true });
  const settings = {
    ...BASE_SETTINGS,
    'security.workspace.trust.enabled': restricted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'security.workspace.trust.emptyWindow': false,
  };
  writeSettings(userData, settings);
  // The server reads user settings from its own user-data dir as well (remote settings).
  writeSettings(path.join(serverData, 'data'), settings);
  fs.mkdirSync(path.join(serverData, 'data', 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(serverData, 'data', 'Machine', 'settings.json'), JSON.stringify(settings, null, 2));

  const env = { ...process.env, MODELLAB_TEST_SCENARIO: scenario, MODELLAB_TEST_WORKSPACE: ws };
  if (restricted) {
    // A run recorded before VS Code starts: the tree must list it even though training is off.
    const t0 = Date.now();
    env.MODELLAB_TEST_RECORDED_RUN = recordRunWithCli(ws);
    log(`[${scenario}] recorded a run with the CLI in ${elapsed(t0)}`);
  }

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const serverArgs = [
    paths.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--user-data-dir', userData,
    '--server-data-dir', serverData,
    '--extensions-dir', extensions,
  ];
  if (!restricted) serverArgs.push('--disable-workspace-trust');
  log(`[${scenario}] workspace ${ws}`);
  log(`[${scenario}] starting VS Code server (code-server's server-main.js) on ${authority}${restricted ? ' with workspace trust on' : ''}`);
  const server = trackGroup(spawn(paths.node24, serverArgs, { cwd: tmp, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
  pipeLines(server.stdout, `  server| `);
  pipeLines(server.stderr, `  server| `);
  const serverExit = new Promise((r) => server.once('exit', (code, signal) => r({ code, signal })));

  let browser;
  let page;
  let shotIndex = 0;
  const shot = async (name) => {
    if (!page) return undefined;
    const file = path.join(shotsDir, `${scenario}-${String(++shotIndex).padStart(2, '0')}-${name}.png`);
    try {
      await page.screenshot({ path: file, timeout: 10_000 });
      log(`[${scenario}] screenshot ${path.relative(paths.repo, file)}`);
      return file;
    } catch (e) {
      log(`[${scenario}] screenshot ${name} failed: ${e.message}`);
      return undefined;
    }
  };
  try {
    await waitForServer(`http://${authority}/`, serverExit, 60_000);
    log(`[${scenario}] server is up`);
    browser = await chromium.launch({ executablePath: paths.chromium, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    // The workbench's log and the extension host's console (mocha's spec reporter, the suite's logs),
    // without the noise of a machine that cannot reach the extension gallery.
    await context.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (isNoise(text)) return;
      for (const line of text.split('\n')) console.log(`  vscode| ${line}`);
    });
    await context.exposeFunction('codeAutomationExit', (code) => {
      log(`[${scenario}] codeAutomationExit(${code})`);
      resolveExit(typeof code === 'number' ? code : 1);
    });
    page = await context.newPage();
    page.on('pageerror', (e) => log(`[${scenario}] page error: ${e.message}`));
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(suiteFile)],
    ]);
    const url = `http://${authority}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    log(`[${scenario}] workbench loaded, the test runner is running in the extension host`);
    const deadlineS = Number(process.env.MODELLAB_TEST_DEADLINE_S) || 900;
    const timer = setInterval(() => void shot('progress'), 120_000);
    const code = await Promise.race([
      exited,
      serverExit.then((r) => {
        throw new Error(`the VS Code server exited (${JSON.stringify(r)}) before the tests ended`);
      }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no codeAutomationExit within ${deadlineS} s`)), deadlineS * 1000)),
    ]).finally(() => clearInterval(timer));
    await shot('final');
    return code;
  } catch (e) {
    const file = await shot('failure');
    throw new Error(`${e.message}${file ? ` (last screenshot: ${path.relative(paths.repo, file)})` : ''}`);
  } finally {
    await browser?.close().catch(() => {});
    await killGroup(server, `[${scenario}] server`);
    if (process.env.MODELLAB_KEEP_TMP) log(`[${scenario}] kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function format(...args) {
  return args.length && typeof args[0] === 'string' ? utilFormat(...args) : args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

function isNoise(text) {
  return NOISE.some((re) => re.test(text));
}

function pipeLines(stream, prefix) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      if (line.trim() && !/^\[[\d:]+\]\s*$/.test(line) && !isNoise(line)) console.log(prefix + line);
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => buf && console.log(prefix + buf));
}

async function waitForServer(url, serverExit, timeoutMs) {
  const until = Date.now() + timeoutMs;
  let exited = false;
  serverExit.then(() => (exited = true));
  while (Date.now() < until) {
    if (exited) throw new Error('the VS Code server exited while starting');
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the VS Code server did not answer on ${url} within ${timeoutMs / 1000} s`);
}
