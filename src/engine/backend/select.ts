// Picks the fastest backend that works here: TensorFlow with CUDA, TensorFlow on the CPU, WebAssembly,
// then plain JS. The native ones are optional dependencies (their install downloads libtensorflow),
// so each step records why it was skipped.
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo, BackendName, BackendRequest } from '../../protocol/events';
import { LoadError } from '../loader/errors';
import { userCodeError } from '../loader/evaluate';
import { installFusedLayers } from './fused/index';
import { describeNativeLoadFailure, loadNativePackage, resolveNative } from './nativePackages';
import { registerTrainingKernels, trainingGradientPatches } from './kernels/register';
import { checkTfjsInternals, internalsWarning, usesGpuDevice } from './tfjsInternals';
import { useThreadedWasm, wasmThreadsFromEnv, wasmThreadsInUse } from './wasmThreads';

/** A backend to try: the package that provides it (none for plain JS) and its tfjs name. */
type Attempt = { name: BackendName; tfjsName: string; packageId?: string };

function describeRequireFailure(id: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${id}'`)) {
    return `${id} is not installed (its install downloads libtensorflow, which needs internet access)`;
  }
  return `${id} failed to load: ${firstLine(e?.message ?? String(err))}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}

const ATTEMPTS: Record<BackendName, Attempt> = {
  'tensorflow-gpu': { name: 'tensorflow-gpu', tfjsName: 'tensorflow', packageId: '@tensorflow/tfjs-node-gpu' },
  tensorflow: { name: 'tensorflow', tfjsName: 'tensorflow', packageId: '@tensorflow/tfjs-node' },
  wasm: { name: 'wasm', tfjsName: 'wasm', packageId: '@tensorflow/tfjs-backend-wasm' },
  cpu: { name: 'cpu', tfjsName: 'cpu' },
};

const ORDER: Record<BackendRequest, BackendName[]> = {
  auto: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'],
  tensorflow: ['tensorflow-gpu', 'tensorflow'],
  wasm: ['wasm'],
  cpu: ['cpu'],
};

export const BACKEND_REQUESTS: BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** Activates a backend; throws LoadError('backend-unavailable') when a forced one cannot start. */
export async function selectBackend(request: BackendRequest, workspace?: string): Promise<BackendInfo> {
  if (!ORDER[request]) {
    throw new LoadError('backend-unavailable', `Unknown backend '${request}'. Use one of: ${BACKEND_REQUESTS.join(', ')}`);
  }
  let wasmThreads: number;
  try {
    wasmThreads = wasmThreadsFromEnv() ?? 1;
  } catch (err) {
    throw new LoadError('backend-unavailable', (err as Error).message);
  }
  const skipped: BackendInfo['skipped'] = [];
  for (const name of ORDER[request]) {
    const attempt = ATTEMPTS[name];
    const reason = await tryActivate(attempt, wasmThreads, workspace);
    if (reason === undefined) {
      const warnings = setUpWarnings(name);
      return { name, requested: request, skipped, threads: threadsOf(name), ...(warnings.length ? { warnings } : {}) };
    }
    skipped.push({ name, reason });
  }
  const why = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new LoadError('backend-unavailable', `Backend '${request}' is not available here (${why})`);
}

/** Activates one backend by name; undefined on success, else the reason it could not be used. */
export async function activateBackend(name: BackendName, workspace?: string): Promise<string | undefined> {
  return tryActivate(ATTEMPTS[name], wasmThreadsFromEnv() ?? 1, workspace);
}

/** Undefined on success, else the reason it could not be used. */
async function tryActivate(attempt: Attempt, wasmThreads: number, workspace?: string): Promise<string | undefined> {
  if (attempt.name === 'tensorflow' || attempt.name === 'tensorflow-gpu') {
    // Found in the per-user backends folder, the workspace or Model Lab's own node_modules, and built for our tfjs.
    const native = resolveNative(attempt.name, workspace);
    if (!native.ok) return native.reason;
    try {
      loadNativePackage(native.found);
    } catch (err) {
      return describeNativeLoadFailure(native.found, err);
    }
  } else if (attempt.packageId) {
    try {
      // Optional packages: loading one registers its backend with tfjs.
      require(attempt.packageId);
      if (attempt.name === 'wasm') useThreadedWasm(wasmThreads);
    } catch (err) {
      return describeRequireFailure(attempt.packageId, err);
    }
  }
  try {
    if (!(await tf.setBackend(attempt.tfjsName))) return `tf.setBackend('${attempt.tfjsName}') failed`;
    await tf.ready();
  } catch (err) {
    return firstLine(err instanceof Error ? err.message : String(err));
  }
  if (attempt.name === 'tensorflow-gpu' && !gpuVisible()) return 'no CUDA GPU visible to TensorFlow';
  if (attempt.name === 'cpu' || attempt.name === 'wasm') {
    registerTrainingKernels(attempt.name);
    installFusedLayers();
  }
  return undefined;
}

const internalsChecked = new Map<BackendName, string | undefined>();

/** The internals check, once per backend and process (it makes an Adam optimizer to look at its fields). */
function internalsWarningFor(name: BackendName): string | undefined {
  if (!internalsChecked.has(name)) internalsChecked.set(name, internalsWarning(checkTfjsInternals()));
  return internalsChecked.get(name);
}

/**
 * What differs from the pinned tfjs on the backend just activated: its private internals, and any fused path that
 * found nothing to patch. The run reports them as warnings (the training log, the CLI's output).
 */
function setUpWarnings(name: BackendName): string[] {
  const warnings: string[] = [];
  const internals = internalsWarningFor(name);
  if (internals) warnings.push(internals);
  if (name === 'cpu' || name === 'wasm') {
    const unpatched = [...installFusedLayers(), ...trainingGradientPatches()].filter((r) => !r.patched);
    if (unpatched.length) warnings.push(`Fused training paths not installed (tfjs' slower ones run instead): ${unpatched.map((r) => `${r.name}: ${r.reason}`).join('; ')}`);
  }
  return warnings;
}

function gpuVisible(): boolean {
  // tfjs-node-gpu silently falls back to the CPU when CUDA is missing; it logs the devices it found.
  return usesGpuDevice() !== false;
}

function threadsOf(name: BackendName): number | undefined {
  if (name === 'wasm') return wasmThreadsInUse();
  if (name === 'cpu') return 1;
  return undefined;
}

/**
 * Falls back from the current backend to plain JS for a model whose training needs kernels the current
 * backend lacks (e.g. Conv2DBackpropFilter on wasm). Only for that: an error that plain JS gives too is the
 * model's or the data's own (bad input), reported once with its cause, never as a backend that "cannot train".
 */
export async function ensureTrainable(info: BackendInfo, probe: () => void): Promise<BackendInfo> {
  const first = tryProbe(probe);
  if (!first) return info;
  if (info.name === 'cpu') throw modelError(first);
  await tf.setBackend('cpu');
  registerTrainingKernels('cpu');
  const again = tryProbe(probe);
  if (again) throw modelError(first);
  const message = firstLine(first.message);
  if (info.requested !== 'auto') {
    throw new LoadError('backend-unavailable', `This model cannot train on the ${info.name} backend (plain JS can): ${message}`);
  }
  return { name: 'cpu', requested: info.requested, skipped: [...info.skipped, { name: info.name, reason: `cannot train this model: ${message}` }], threads: 1 };
}

function tryProbe(probe: () => void): Error | undefined {
  try {
    tf.tidy(probe);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The model fails whatever the backend: bad input (exit 2), at the user's line where the stack shows one. */
function modelError(err: Error): LoadError {
  return userCodeError('model-threw', 'The model cannot compute its loss and gradients on its data', err);
}
