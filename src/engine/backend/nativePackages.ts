// Where the native TensorFlow backends (@tensorflow/tfjs-node, @tensorflow/tfjs-node-gpu) are found, and whether
// a found one fits. No .vsix can carry them (their install downloads libtensorflow for one platform), so they are
// looked for, in this order: the per-user backends folder (where `modellab backend install` puts them), the
// workspace's own node_modules, then Model Lab's.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../paths';

export type NativeBackend = 'tensorflow' | 'tensorflow-gpu';

export const NATIVE_PACKAGES: Record<NativeBackend, string> = {
  tensorflow: '@tensorflow/tfjs-node',
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
};

/** Env var that moves the per-user backends folder (the extension sets it to its global storage). */
export const BACKENDS_DIR_ENV = 'MODELLAB_BACKENDS_DIR';

/** The per-user backends folder: $MODELLAB_BACKENDS_DIR, else ~/.modellab/backends. */
export function backendsDir(env: NodeJS.ProcessEnv = process.env): string {
  const set = env[BACKENDS_DIR_ENV];
  return set && set.trim() ? path.resolve(set) : homeBackendsDir();
}

export interface SearchPlace {
  source: 'user' | 'workspace' | 'modellab';
  /** A folder whose node_modules is searched (not its parents). */
  dir: string;
}

/** The CLI's per-user folder, ~/.modellab/backends. */
export function homeBackendsDir(): string {
  return path.join(os.homedir(), '.modellab', 'backends');
}

/**
 * The folders searched, first match wins: the backends folder (where installs go: the extension's global storage,
 * a setting, or MODELLAB_BACKENDS_DIR), the CLI's ~/.modellab/backends when that is another one (a backend the
 * CLI installed serves the editor too), the workspace, then Model Lab's own.
 */
export function searchPlaces(workspace?: string, env: NodeJS.ProcessEnv = process.env): SearchPlace[] {
  const places: SearchPlace[] = [{ source: 'user', dir: backendsDir(env) }, { source: 'user', dir: homeBackendsDir() }];
  if (workspace) places.push({ source: 'workspace', dir: path.resolve(workspace) });
  places.push({ source: 'modellab', dir: packageRoot() });
  // One folder may be two of these (Model Lab's own repository opened as the workspace): search it once.
  return places.filter((p, i) => places.findIndex((q) => q.dir === p.dir) === i);
}

export interface FoundPackage {
  id: string;
  source: SearchPlace['source'];
  /** The package's folder. */
  dir: string;
  version: string;
}

/** The first installed copy of a package in the search places (its own node_modules only), if any. */
export function locatePackage(id: string, places: SearchPlace[]): FoundPackage | undefined {
  for (const place of places) {
    const dir = path.join(place.dir, 'node_modules', ...id.split('/'));
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    try {
      const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string };
      return { id, source: place.source, dir, version: version ?? 'unknown' };
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The @tensorflow/tfjs version Model Lab trains with: a native backend must be built for exactly this one. */
export function tfjsVersion(): string {
  return (require('@tensorflow/tfjs/package.json') as { version: string }).version;
}

/**
 * Why a load of the native package failed, in plain words: most often its install never fetched libtensorflow
 * (no network, or npm's install scripts skipped), which leaves the addon or the library missing.
 */
export function describeNativeLoadFailure(found: FoundPackage, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // tfjs-node's own words when its install did not run: "The Node.js native addon module (tfjs_binding.node) can
  // not be found at path: …"; else the loader's.
  const missing = /tfjs_binding\.node\) can not be found at path: (\S+?)\.?(\s|$)/.exec(message)?.[1]
    ?? /Cannot find module '([^']*(tfjs_binding\.node|libtensorflow[^']*))'/.exec(message)?.[1]
    ?? /(\S*libtensorflow[^\s:]*): cannot open shared object file/.exec(message)?.[1];
  if (missing) {
    return `libtensorflow missing: ${found.id} ${found.version} in ${found.dir} has no ${path.basename(missing)} (${missing}); its install downloads libtensorflow and the addon, which did not happen (no network, or install scripts skipped). Reinstall it where it can download (${installHint(found.id.endsWith('-gpu') ? 'tensorflow-gpu' : 'tensorflow')}).`;
  }
  const cuda = /(lib(cudart|cublas|cudnn|cufft|curand|cusolver|cusparse)[^\s:]*): cannot open shared object file/.exec(message)?.[1];
  if (cuda) return `CUDA library missing: ${cuda} (libtensorflow 2.9 for ${found.id} needs CUDA 11.2 and cuDNN 8.1 on the library path)`;
  return `${found.id} ${found.version} in ${found.dir} failed to load: ${message.split('\n')[0].slice(0, 300)}`;
}

/** The command that puts a native backend where Model Lab looks first (its install needs internet access). */
export function installHint(backend: NativeBackend, env: NodeJS.ProcessEnv = process.env): string {
  return `\`modellab backend install ${backend}\` (or \`npm install --prefix ${JSON.stringify(backendsDir(env))} ${NATIVE_PACKAGES[backend]}@${tfjsVersion()}\`) — its install downloads libtensorflow${backend === 'tensorflow-gpu' ? ' for CUDA 11.2 / cuDNN 8.1' : ''}, so it needs internet access`;
}

export type NativeResolution = { ok: true; found: FoundPackage } | { ok: false; reason: string; found?: FoundPackage };

/** Finds a native backend's package and checks its version against Model Lab's tfjs, before anything loads it. */
export function resolveNative(backend: NativeBackend, workspace?: string, env: NodeJS.ProcessEnv = process.env): NativeResolution {
  const id = NATIVE_PACKAGES[backend];
  const places = searchPlaces(workspace, env);
  const found = locatePackage(id, places);
  if (!found) {
    return { ok: false, reason: `${id} is not installed (looked in ${places.map((p) => path.join(p.dir, 'node_modules'))
      .join(', ')}); install it with ${installHint(backend, env)}` };
  }
  const want = tfjsVersion();
  if (found.version !== want) {
    return { ok: false, found, reason: `version mismatch: ${id} ${found.version} in ${found.dir} is built for @tensorflow/tfjs ${found.version}, Model Lab trains with ${want}; install the matching one with ${installHint(backend, env)}` };
  }
  return { ok: true, found };
}

/** tfjs packages a native backend must share with Model Lab: one engine, so the backend it registers is ours. */
const SHARED_TFJS = /^@tensorflow\/tfjs(-core|-layers|-converter|-data|-backend-cpu)?(\/.*)?$/;

/**
 * Loads a native backend package found outside Model Lab's node_modules so that its own `require`s of tfjs reach
 * Model Lab's copy: a second tfjs-core would register the backend in an engine Model Lab never uses. Node's
 * `Module._resolveFilename` is not a public API; it has kept its signature since Node 0.x, and the check below
 * says so plainly if that changes.
 */
export function loadNativePackage(found: FoundPackage): void {
  const Module = require('node:module') as { _resolveFilename?: (request: string, parent: unknown, ...rest: unknown[]) => string };
  const original = Module._resolveFilename;
  if (found.source === 'modellab') {
    require(found.dir);
    return;
  }
  if (typeof original !== 'function') throw new Error(`this Node.js (${process.version}) has no Module._resolveFilename: a native backend outside Model Lab's folder cannot share its TensorFlow.js`);
  const ours = path.join(packageRoot(), 'package.json');
  // The node_modules it was found in: the package and the dependencies installed with it.
  const outside = found.dir.slice(0, found.dir.lastIndexOf('node_modules') + 'node_modules'.length);
  Module._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
    const from = (parent as { filename?: string } | undefined)?.filename ?? '';
    if (SHARED_TFJS.test(request) && from.startsWith(outside)) return original.call(this, request, { id: ours, filename: ours, paths: [path.join(packageRoot(), 'node_modules')] }, ...rest);
    return original.call(this, request, parent, ...rest);
  };
  try {
    require(found.dir);
  } finally {
    Module._resolveFilename = original;
  }
}
