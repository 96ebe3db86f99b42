// Starts tfjs' multi-threaded WebAssembly build under Node. tfjs never picks it there (its
// WASM_HAS_MULTITHREAD_SUPPORT flag is false under Node) and could not start it anyway: it hands
// emscripten its pthread worker as a `blob:` URL and the main script as a Blob, which Node's Worker
// and the worker's importScripts (fs.readFileSync) refuse. Here the worker script is written to a
// file once, the main script is the package's own wasm-out file, and XNNPACK's thread count (which
// its C++ caps at half the logical cores, i.e. 1 on a 2-vCPU machine) is lifted to what was asked.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countFromEnv } from '../envCount';
import { runningBackend, wasmThreadsCount } from './tfjsInternals';

// The lib settings here have no DOM/WebAssembly types; the few calls used are typed by hand.
interface WasmInstantiation {
  instance: unknown;
  module: unknown;
}
interface WasmGlobal {
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike };
  instantiate(bytes: Uint8Array, imports: unknown): Promise<WasmInstantiation>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;

const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const FACTORY = `${PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.js`;
const WORKER = `${PACKAGE}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`;
const BINARY = `${PACKAGE}/dist/tfjs-backend-wasm-threaded-simd.wasm`;

/** The threads to use by default: every core this process may run on. */
export function defaultWasmThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** MODELLAB_WASM_THREADS as a thread count, undefined when unset; throws on anything but a whole number ≥ 1. */
export function wasmThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return countFromEnv(env, 'MODELLAB_WASM_THREADS', 'one thread');
}

/** Whether this Node can run wasm threads (shared memory and worker_threads). */
export function wasmThreadsSupported(): boolean {
  try {
    const memory = new wasmApi.Memory({ initial: 1, maximum: 1, shared: true });
    return memory.buffer instanceof SharedArrayBuffer && typeof require('node:worker_threads').Worker === 'function';
  } catch {
    return false;
  }
}

/** The worker script, as a file Node's Worker can start (written once per content). */
function workerScriptFile(): string {
  const { wasmWorkerContents } = require(WORKER) as { wasmWorkerContents: string };
  // The package keeps it as a JS string whose newlines tfjs escapes before making its Blob.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `modellab-wasm-worker-${hash}.js`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, source);
    fs.renameSync(partial, file); // atomic, so a concurrent run never starts a half-written worker
  }
  return file;
}

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  tfjs?: Record<string, unknown>;
  PThread?: PThreadApi;
}

type Unrefable = { unref?: () => void };
interface PThreadApi {
  terminateAllThreads(): void;
  unusedWorkers: Unrefable[];
  runningWorkers: Unrefable[];
  loadWasmModuleToWorker(worker: Unrefable, onLoaded?: () => void): void;
}

let started: EmscriptenModule | undefined;

/**
 * Lets the process exit while the pool's workers idle. emscripten listens for each worker's messages
 * when it loads the module into it, which refs the worker's port again: unref after every load.
 */
function unrefWorkers(pthread: PThreadApi): void {
  for (const w of [...pthread.unusedWorkers, ...pthread.runningWorkers]) w.unref?.();
  const load = pthread.loadWasmModuleToWorker.bind(pthread);
  pthread.loadWasmModuleToWorker = (worker: Unrefable, onLoaded?: () => void) => {
    load(worker, onLoaded);
    worker.unref?.();
  };
}

/** Instantiates the threaded module with `threads` XNNPACK threads; resolves to what BackendWasm takes. */
async function instantiateThreaded(threads: number): Promise<EmscriptenModule> {
  const factory = require(FACTORY) as (config: Record<string, unknown>) => Promise<EmscriptenModule>;
  const binary = require.resolve(BINARY);
  const mainScript = require.resolve(FACTORY);
  const worker = workerScriptFile();
  let failInstantiation: (err: unknown) => void = () => undefined;
  const instantiationFailed = new Promise<never>((_, reject) => (failInstantiation = reject));
  const ready = factory({
    locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? worker : file.endsWith('.wasm') ? binary : prefix + file),
    mainScriptUrlOrBlob: mainScript,
    instantiateWasm: (info: { env: Record<string, unknown> }, receive: (instance: unknown, module: unknown) => void) => {
      // backend.cc sizes its pool from emscripten_num_logical_cores() / 2, capped by it too.
      info.env.emscripten_num_logical_cores = () => 2 * threads;
      wasmApi.instantiate(fs.readFileSync(binary), info).then(
        (r) => receive(r.instance, r.module),
        (err: unknown) => failInstantiation(err),
      );
      return {};
    },
  });
  // emscripten never settles `ready` when a custom instantiation fails: race it with the failure.
  const module = await Promise.race([ready, instantiationFailed]);
  const initWithThreadsCount = module.cwrap('init_with_threads_count', null, ['number']);
  module.tfjs = {
    init: module.cwrap('init', null, []),
    // BackendWasm passes the package's own setting (-1 unless set on that module instance).
    initWithThreadsCount: () => {
      initWithThreadsCount(threads);
      if (module.PThread) unrefWorkers(module.PThread); // the pool's threads exist from here on
    },
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  started = module;
  return module;
}

let registeredThreads = 1;

/**
 * Unregisters the 'wasm' backend without disposing a running instance: tensors made on it (a model's
 * weights) stay readable, and tfjs moves each to the next 'wasm' backend the first time a kernel uses
 * it (DataStorage.get → Engine.moveData reads from the tensor's own backend).
 */
function unregisterWasmKeepingData(): void {
  if (!tf.findBackendFactory('wasm')) return;
  const running = runningBackend('wasm');
  if (!running) return void tf.removeBackend('wasm');
  const dispose = running.dispose;
  running.dispose = () => undefined;
  try {
    tf.removeBackend('wasm');
  } finally {
    running.dispose = dispose;
  }
}

/**
 * Makes tfjs' 'wasm' backend the threaded build with `threads` threads (from the next setBackend).
 * Kernels stay registered under 'wasm', so ours and tfjs' apply unchanged, and tensors already on the
 * single-threaded build move over as they are used. Returns false where this Node cannot run wasm
 * threads, leaving the single-threaded backend in place.
 */
export function useThreadedWasm(threads: number): boolean {
  if (threads <= 1 || !wasmThreadsSupported()) return false;
  const { BackendWasm } = require(PACKAGE) as { BackendWasm: new (module: unknown) => tf.KernelBackend };
  unregisterWasmKeepingData();
  tf.registerBackend('wasm', async () => new BackendWasm(await instantiateThreaded(threads)), 2);
  registeredThreads = threads;
  return true;
}

/** The threads the active wasm backend runs XNNPACK with. */
export function wasmThreadsInUse(): number {
  const n = wasmThreadsCount();
  return typeof n === 'number' && n > 0 ? n : registeredThreads;
}

/** Stops the pthread workers (they would keep the process alive); the wasm backend is unusable after. */
export function stopWasmThreads(): void {
  started?.PThread?.terminateAllThreads();
  started = undefined;
}
