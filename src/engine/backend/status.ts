// The backend report: every backend, tried for real here (loaded, activated, one training step), with its
// version, where it came from, and why not when it cannot run. Native backends are tried each in its own
// process: loading one registers 'tensorflow' with tfjs, and a second native package in the same process
// would find that name taken (or a crash in libtensorflow would take the report down with it).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { packageRoot } from '../../paths';
import type { BackendReport, BackendStatus } from '../../protocol/backends';
import type { BackendName } from '../../protocol/events';
import { backendsDir, NATIVE_PACKAGES, resolveNative, tfjsVersion, type NativeBackend } from './nativePackages';
import { activateBackend } from './select';
import { wasmThreadsInUse } from './wasmThreads';

export type { BackendReport, BackendStatus } from '../../protocol/backends';

export const BACKEND_ORDER: BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

/** One gradient step of a small dense layer on the active backend: that it trains, and how long it took. */
export function trainingStep(): number {
  const start = performance.now();
  tf.tidy(() => {
    const x = tf.randomNormal([32, 16], 0, 1, 'float32', 1);
    const w = tf.variable(tf.randomNormal([16, 4], 0, 0.1, 'float32', 2));
    const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.relu(tf.matMul(x, w)))) as tf.Scalar, [w]);
    const total = value.dataSync()[0] + tf.sum(grads[w.name]).dataSync()[0];
    w.dispose();
    if (!Number.isFinite(total)) throw new Error('a training step gave a non-finite loss or gradient');
  });
  return performance.now() - start;
}

/** Tries one backend in this process (a fresh one for native backends). */
export async function probeBackend(name: BackendName, workspace?: string): Promise<BackendStatus> {
  // No console banner suggesting tfjs-node in the middle of the report.
  tf.enableProdMode();
  const status: BackendStatus = { name, available: false };
  if (name === 'tensorflow' || name === 'tensorflow-gpu') {
    const native = resolveNative(name, workspace);
    if (native.found) Object.assign(status, { package: native.found.id, version: native.found.version, source: native.found.source, location: native.found.dir });
    if (!native.ok) return { ...status, reason: native.reason };
  } else if (name === 'wasm') {
    status.package = '@tensorflow/tfjs-backend-wasm';
    status.version = (require('@tensorflow/tfjs-backend-wasm/package.json') as { version: string }).version;
    status.source = 'modellab';
  } else {
    status.package = '@tensorflow/tfjs';
    status.version = tfjsVersion();
    status.source = 'modellab';
  }
  const reason = await activateBackend(name, workspace);
  if (reason !== undefined) return { ...status, reason };
  try {
    trainingStep();
    status.stepMs = Math.round(trainingStep() * 100) / 100;
  } catch (err) {
    return { ...status, reason: `loads, but cannot train: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  if (name === 'wasm') {
    status.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    status.threads = wasmThreadsInUse();
  }
  return { ...status, available: true };
}

/** Runs `probeBackend` for a native backend in a child process (`modellab backend probe NAME`), in `env`. */
export function probeInChild(name: NativeBackend, workspace: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<BackendStatus> {
  const cli = path.join(packageRoot(), 'dist', 'cli.js');
  const args = [cli, 'backend', 'probe', name, ...(workspace ? ['--workspace', workspace] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: 120_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as BackendStatus);
      } catch {
        const why = (stderr || (err instanceof Error ? err.message : '')).trim().split('\n').slice(-1)[0];
        resolve({ name, available: false, package: NATIVE_PACKAGES[name], reason: `loading it ended its process: ${why || 'no output'}` });
      }
    });
  });
}

/** Every backend, fastest first. Native ones that are not even installed are not started. */
export async function backendReport(workspace?: string): Promise<BackendReport> {
  const backends: BackendStatus[] = [];
  for (const name of BACKEND_ORDER) {
    if (name === 'tensorflow' || name === 'tensorflow-gpu') {
      const native = resolveNative(name, workspace);
      backends.push(native.ok ? await probeInChild(name, workspace) : { name, available: false, reason: native.reason, ...(native.found ? { package: native.found.id, version: native.found.version, source: native.found.source, location: native.found.dir } : { package: NATIVE_PACKAGES[name] }) });
    } else {
      backends.push(await probeBackend(name, workspace));
    }
  }
  return { type: 'backend-report', tfjs: tfjsVersion(), backendsDir: backendsDir(), auto: backends.find((b) => b.available)?.name ?? 'cpu', backends };
}
