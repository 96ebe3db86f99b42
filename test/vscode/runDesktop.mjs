#!/usr/bin/env node
// Runs the SAME integration suite (out/test/suite/index.js, built by scripts/vscode-test/build.mjs) in a
// desktop VS Code through @vscode/test-electron, the standard way on a developer machine or a CI with
// internet access (Linux without a display: run under `xvfb-run -a`).
//   npm run test:desktop                         both scenarios
//   node test/vscode/runDesktop.mjs trusted      one scenario (trusted | restricted | all)
// Env: VSCODE_EXECUTABLE_PATH (use an installed VS Code, no download), VSCODE_TEST_VERSION (default 'stable'),
//      MODELLAB_DESKTOP_DOWNLOAD_TIMEOUT_S (default 120), MODELLAB_TEST_GREP, MODELLAB_KEEP_TMP=1.
// The machines this project is built on cannot download VS Code (only the npm registry is reachable): there
// this fails fast with a message saying so; `npm run test:vscode` runs the same suite in code-server instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { BASE_SETTINGS, copySamples, elapsed, log, paths, recordRunWithCli, tempDir, writeSettings } from '../../scripts/vscode-test/common.mjs';

const arg = process.argv[2] || 'all';
const scenarios = arg === 'all' ? ['trusted', 'restricted'] : [arg];
if (!scenarios.every((s) => s === 'trusted' || s === 'restricted')) {
  console.error(`runDesktop: unknown scenario ${arg} (trusted | restricted | all)`);
  process.exit(2);
}
if (!fs.existsSync(paths.suiteOut)) {
  console.error(`runDesktop: ${paths.suiteOut} is missing: run \`node scripts/vscode-test/build.mjs\` first`);
  process.exit(2);
}

const version = process.env.VSCODE_TEST_VERSION || 'stable';
const downloadTimeoutS = Number(process.env.MODELLAB_DESKTOP_DOWNLOAD_TIMEOUT_S) || 120;
const cachePath = path.join(paths.root, 'desktop');

let executable = process.env.VSCODE_EXECUTABLE_PATH;
if (!executable) {
  const t0 = Date.now();
  log(`desktop: getting VS Code ${version} (cache ${path.relative(paths.repo, cachePath)}/, limit ${downloadTimeoutS} s)`);
  try {
    executable = await withTimeout(downloadAndUnzipVSCode({ version, cachePath, timeout: 30_000 }), downloadTimeoutS * 1000, `downloading VS Code ${version}`);
  } catch (e) {
    console.error(
      `\nrunDesktop: cannot get a desktop VS Code (${e?.message || e}).\n` +
        '  @vscode/test-electron downloads VS Code from update.code.visualstudio.com, which this machine cannot reach.\n' +
        '  Set VSCODE_EXECUTABLE_PATH to an installed VS Code, or run `npm run test:vscode` (the same suite in code-server).',
    );
    process.exit(3);
  }
  log(`desktop: VS Code at ${executable} (${elapsed(t0)})`);
}

const results = [];
for (const scenario of scenarios) {
  const t0 = Date.now();
  const tmp = tempDir(`desktop-${scenario}`);
  const ws = copySamples(path.join(tmp, 'workspace'));
  const userData = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  const settings = {
    ...BASE_SETTINGS,
    'security.workspace.trust.enabled': scenario === 'restricted',
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
  };
  writeSettings(userData, settings);
  const env = { MODELLAB_TEST_SCENARIO: scenario };
  if (process.env.MODELLAB_TEST_GREP) env.MODELLAB_TEST_GREP = process.env.MODELLAB_TEST_GREP;
  let code = 1;
  try {
    if (scenario === 'trusted') {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: paths.repo,
        extensionTestsPath: paths.suiteOut,
        launchArgs: [ws, '--disable-extensions', '--user-data-dir', userData, '--extensions-dir', extensionsDir],
        extensionTestsEnv: env,
        reuseMachineInstall: true, // the profile dirs above are this run's own
      });
      code = 0;
    } else {
      // runTests always adds --disable-workspace-trust; Restricted Mode needs the same launch without it.
      env.MODELLAB_TEST_RECORDED_RUN = recordRunWithCli(ws);
      code = await launch(executable, [
        ws,
        '--disable-extensions',
        '--no-sandbox',
        '--disable-gpu-sandbox',
        '--disable-updates',
        '--skip-welcome',
        '--skip-release-notes',
        `--extensionTestsPath=${paths.suiteOut}`,
        `--extensionDevelopmentPath=${paths.repo}`,
        '--user-data-dir', userData,
        '--extensions-dir', extensionsDir,
      ], env);
    }
  } catch (e) {
    console.error(`runDesktop [${scenario}]: ${e?.message || e}`);
  } finally {
    if (!process.env.MODELLAB_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }
  results.push({ scenario, code, time: elapsed(t0) });
}
console.log('\nDesktop summary:');
for (const r of results) console.log(`  ${r.scenario.padEnd(10)} ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}  ${r.time}`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);

function launch(exe, args, env) {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('error', (e) => {
      console.error(`runDesktop: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function withTimeout(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, reject) => (t = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s ${what}`)), ms)))]).finally(() => clearTimeout(t));
}
