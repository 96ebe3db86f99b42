// Installs a native TensorFlow backend into the per-user backends folder, on demand: npm installs the package
// built for Model Lab's exact tfjs into a staging folder beside it, a fresh process checks that it loads and
// trains one step, and only then does it replace what the folder held. A failed install (most often: its
// install script could not download libtensorflow) leaves the folder as it was.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKENDS_DIR_ENV, backendsDir, NATIVE_PACKAGES, tfjsVersion, type NativeBackend } from './nativePackages';
import { probeInChild, type BackendStatus } from './status';

export type InstallResult = { ok: true; status: BackendStatus; dir: string } | { ok: false; reason: string };

/** The npm to run: $MODELLAB_NPM (tests use a stand-in), else npm from the PATH. */
function npmCommand(env: NodeJS.ProcessEnv): { command: string; prefixArgs: string[] } {
  const set = env.MODELLAB_NPM;
  if (set) return set.endsWith('.js') || set.endsWith('.mjs') ? { command: process.execPath, prefixArgs: [set] } : { command: set, prefixArgs: [] };
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefixArgs: [] };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, onOutput: (text: string) => void, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (d: Buffer) => {
      const text = d.toString();
      output += text;
      onOutput(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, output: `${output}\n${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Why npm failed, in the words a user behind a firewall or a proxy needs. */
export function describeInstallFailure(id: string, output: string): string {
  const host = /https?:\/\/([^/\s'"]+)[^\s'"]*(libtensorflow|tfjs_binding|napi-v\d)/.exec(output)?.[1] ?? (/storage\.googleapis\.com/.test(output) ? 'storage.googleapis.com' : undefined);
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|socket hang up|network/i.test(output);
  if (host || (offline && /libtensorflow|tfjs-node|install\.js|node-pre-gyp/i.test(output))) {
    return `${id} installs only with a download of libtensorflow and its addon${host ? ` from ${host}` : ''}, and the download failed${offline ? ' (no connection)' : ''}. Nothing was installed. npm and the download honour the proxy variables HTTPS_PROXY / HTTP_PROXY (or \`npm config set https-proxy …\`); a mirror can be named with TFJS_NODE_CDN_STORAGE or TFJS_NODE_BASE_URI.`;
  }
  if (/E404|404 Not Found|No matching version/i.test(output)) return `${id}@${tfjsVersion()} was not found on the npm registry (${lastLines(output)}). Nothing was installed.`;
  if (offline) return `npm could not reach the registry to fetch ${id} (${lastLines(output)}). Nothing was installed. npm honours HTTPS_PROXY / HTTP_PROXY and \`npm config set registry …\`.`;
  return `npm could not install ${id}: ${lastLines(output)}. Nothing was installed.`;
}

function lastLines(output: string): string {
  return output.trim().split('\n').filter((l) => l.trim()).slice(-3).join(' / ').slice(0, 500);
}

/** Checks the staged install in a fresh process: it must load from the new folder and train one step. */
async function checkStaged(backend: NativeBackend, staging: string, env: NodeJS.ProcessEnv): Promise<BackendStatus | string> {
  const status = await probeInChild(backend, undefined, { ...env, [BACKENDS_DIR_ENV]: staging });
  return status.available && status.source === 'user' ? status : status.reason ?? 'it did not load from the new folder';
}

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  /** npm's output as it comes (the CLI prints it, the extension writes it to its output channel). */
  onOutput?: (text: string) => void;
  timeoutMs?: number;
}

export async function installNativeBackend(backend: NativeBackend, options: InstallOptions = {}): Promise<InstallResult> {
  const env = options.env ?? process.env;
  const onOutput = options.onOutput ?? (() => {});
  const id = NATIVE_PACKAGES[backend];
  const dir = backendsDir(env);
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(dir, '.staging-'));
  try {
    fs.writeFileSync(path.join(staging, 'package.json'), `${JSON.stringify({ name: 'modellab-backends', private: true }, null, 2)}\n`);
    // What the folder already holds goes along, so that the other native backend is not lost.
    const kept = readDependencies(dir);
    const npm = npmCommand(env);
    const specs = [...Object.entries(kept).filter(([name]) => name !== id).map(([name, version]) => `${name}@${version}`), `${id}@${tfjsVersion()}`];
    onOutput(`$ npm install --prefix ${staging} ${specs.join(' ')}\n`);
    const { code, output } = await run(npm.command, [...npm.prefixArgs, 'install', '--no-audit', '--no-fund', '--save-exact', '--prefix', staging, ...specs], env, onOutput, options.timeoutMs ?? 15 * 60_000);
    if (code !== 0) return { ok: false, reason: describeInstallFailure(id, output) };
    const checked = await checkStaged(backend, staging, env);
    if (typeof checked === 'string') return { ok: false, reason: `${id} installed but cannot train here: ${checked}. Nothing was kept.` };
    // Swap in the new folder's packages; the old ones go only once the new ones are in place.
    const old = path.join(dir, `.previous-${process.pid}`);
    for (const entry of ['node_modules', 'package.json', 'package-lock.json']) {
      if (fs.existsSync(path.join(dir, entry))) { fs.mkdirSync(old, { recursive: true }); fs.renameSync(path.join(dir, entry), path.join(old, entry)); }
    }
    for (const entry of ['node_modules', 'package.json', 'package-lock.json']) {
      if (fs.existsSync(path.join(staging, entry))) fs.renameSync(path.join(staging, entry), path.join(dir, entry));
    }
    fs.rmSync(old, { recursive: true, force: true });
    return { ok: true, dir, status: { ...checked, location: path.join(dir, 'node_modules', ...id.split('/')) } };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Removes a native backend from the per-user folder (and the folder's packages if it was the only one). */
export async function removeNativeBackend(backend: NativeBackend, options: InstallOptions = {}): Promise<{ ok: boolean; message: string }> {
  const env = options.env ?? process.env;
  const id = NATIVE_PACKAGES[backend];
  const dir = backendsDir(env);
  const deps = readDependencies(dir);
  if (!deps[id] && !fs.existsSync(path.join(dir, 'node_modules', ...id.split('/')))) return { ok: true, message: `${id} is not installed in ${dir}: nothing to remove.` };
  const others = Object.keys(deps).filter((name) => name !== id);
  if (others.length === 0) {
    for (const entry of ['node_modules', 'package.json', 'package-lock.json']) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
    return { ok: true, message: `Removed ${id} from ${dir}.` };
  }
  const npm = npmCommand(env);
  const { code, output } = await run(npm.command, [...npm.prefixArgs, 'uninstall', '--no-audit', '--no-fund', '--prefix', dir, id], env, options.onOutput ?? (() => {}), 5 * 60_000);
  return code === 0 ? { ok: true, message: `Removed ${id} from ${dir}.` } : { ok: false, message: `npm could not remove ${id}: ${lastLines(output)}` };
}

function readDependencies(dir: string): Record<string, string> {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
  } catch {
    return {};
  }
}
