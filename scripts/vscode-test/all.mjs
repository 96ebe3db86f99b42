#!/usr/bin/env node
// `npm run test:vscode`: everything that needs a real VS Code, with the time of each phase.
//   1. install   Node 24 + code-server into .vscode-test/ (skipped when already there)
//   2. build     the extension, the mocha suite (out/test/suite/index.js) and its type check
//   3. integration (trusted)     the suite in code-server's extension host
//   4. integration (restricted)  the suite again, in Restricted Mode
//   5. e2e       npm run package, install the .vsix in code-server, UI flows with screenshots
// Install and build stop the run when they fail; the test phases all run and the exit code is 1 if any failed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { elapsed, log, paths } from './common.mjs';

const here = path.join(paths.repo, 'scripts', 'vscode-test');
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
