#!/usr/bin/env node
// `npm run test:vscode`: everything that needs a real VS Code, with the time of each phase.
//   1. install   Node 24 + code-server into .vscode-test/ (skipped when already there)
//   2. build     the extension, the mocha suite (out/test/suite/index.js) and its type check
//   3. integration (trusted)     the suite in code-server's extension host
//   4. integration (restricted)  the suite again, in Restricted Mode
//   5. e2e       npm run package, install the .vsix in code-server, UI flows with screenshots
// Install and build stop the run when they fail; the test phases all run and the exit code is 1 if any failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { elapsed, log, paths } from './common.mjs';

const here = path.join(paths.repo, 'scripts', 'vscode-test');

// What the tier needs from the machine, provisioned where this script can (as root on Debian/Ubuntu), else
// skipped with one loud line and the command that enables it. Under CI=true it never skips: it fails.
{
  const missing = missingSystemPackages();
  if (missing.problem) {
    const what = `the real-VS-Code tests (extension host and UI): ${missing.problem}. Enable them with: ${missing.enable}`;
    if (process.env.CI === 'true') {
      console.error(`test:vscode FAILED, since CI=true never skips ${what}`);
      process.exit(1);
    }
    const line = `test:vscode SKIPPED ${what}`;
    console.log(`\n${'!'.repeat(100)}\n${line}\n${'!'.repeat(100)}\n`);
    process.exit(0);
  }
}

const phases = [
  { name: 'install', args: [path.join(here, 'install.mjs')], fatal: true },
  { name: 'build', args: [path.join(here, 'build.mjs')], fatal: true },
  { name: 'integration (trusted)', args: [path.join(here, 'run-integration.mjs'), 'trusted'] },
  { name: 'integration (restricted)', args: [path.join(here, 'run-integration.mjs'), 'restricted'] },
  { name: 'e2e (packaged .vsix, UI)', args: [path.join(here, 'run-e2e.mjs'), '--no-build'] },
];

const started = Date.now();
const done = [];
for (const phase of phases) {
  const t0 = Date.now();
  log(`==== test:vscode: ${phase.name}`);
  const r = spawnSync(process.execPath, phase.args, { cwd: paths.repo, stdio: 'inherit' });
  const code = r.status ?? 1;
  done.push({ name: phase.name, code, time: elapsed(t0) });
  log(`==== test:vscode: ${phase.name} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${elapsed(t0)}`);
  if (code !== 0 && phase.fatal) break;
}
console.log('\ntest:vscode summary:');
for (const d of done) console.log(`  ${d.code === 0 ? 'ok  ' : 'FAIL'}  ${d.name.padEnd(26)} ${d.time}`);
for (const p of phases.slice(done.length)) console.log(`  skip  ${p.name}`);
console.log(`  total ${elapsed(started)}`);
console.log(`  screenshots: ${path.relative(paths.repo, paths.results)}/vscode-integration/, ${path.relative(paths.repo, paths.results)}/vscode-e2e/`);
process.exit(done.length === phases.length && done.every((d) => d.code === 0) ? 0 : 1);

/**
 * Debian packages the tier needs that are missing: Chromium (the browser that drives the workbench) and, until
 * code-server is installed, the Kerberos headers its postinstall compiles against. Installs them when it runs
 * as root with apt-get (as .ci/run does); returns what is still missing and how to get it.
 */
function missingSystemPackages(mayInstall = true) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { problem: `code-server is installed here from npm for linux-x64 only, and this is ${process.platform}-${process.arch}`, enable: 'npm run test:desktop (a desktop VS Code through @vscode/test-electron)' };
  }
  const codeServerInstalled = fs.existsSync(paths.serverMain);
  const needed = [];
  if (!fs.existsSync(paths.chromium)) needed.push('chromium');
  if (!codeServerInstalled && !fs.existsSync('/usr/include/gssapi/gssapi.h')) needed.push('libkrb5-dev');
  if (needed.length === 0) return {};
  const aptGet = ['/usr/bin/apt-get', '/bin/apt-get'].find((p) => fs.existsSync(p));
  const command = `apt-get update && apt-get install -y --no-install-recommends ${needed.join(' ')}`;
  if (mayInstall && aptGet && process.getuid?.() === 0) {
    log(`test:vscode: installing the Debian packages it needs: ${needed.join(', ')}`);
    const r = spawnSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status === 0) return missingSystemPackages(false);
    return { problem: `installing ${needed.join(', ')} with apt-get failed (exit ${r.status})`, enable: `${command} && npm run test:vscode` };
  }
  const what = needed.map((n) => (n === 'chromium' ? `Chromium (${paths.chromium}, or set CHROMIUM_PATH)` : 'the Kerberos headers (/usr/include/gssapi/gssapi.h) that code-server\'s install compiles against')).join(' and ');
  return {
    problem: `${what} ${needed.length > 1 ? 'are' : 'is'} missing`,
    enable: aptGet ? `sudo sh -c '${command}' && npm run test:vscode` : `install ${needed.join(' and ')} with your package manager, then npm run test:vscode`,
  };
}
