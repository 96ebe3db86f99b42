// The one module that knows TensorFlow.js' private shapes: the engine's variable registry and backend registry,
// the layer classes behind deserialization (whose prototypes the fused paths wrap), the fields of an optimizer
// that its typings hide, and what the plain-JS and WebAssembly backends keep inside (their data store, the wasm
// heap and its emscripten module). Every other module goes through the typed functions here.
//
// One other module reaches inside tfjs-backend-wasm: wasmThreads.ts, which builds the package's threaded module
// itself (its file layout and C exports); it is the wasm-heap helper this rule allows, and checks what it finds.
//
// These shapes are those of @tensorflow/tfjs 4.22.0, the version Model Lab pins. `checkTfjsInternals` compares the
// running version and probes every shape once a backend is up; a difference is reported loudly (the speed-ups that
// rely on it would otherwise vanish without a word), never silently skipped.
import * as tf from '@tensorflow/tfjs';

/** The tfjs version whose internals this module describes (package.json pins it). */
export const PINNED_TFJS_VERSION = '4.22.0';

// ---------------------------------------------------------------- the engine

interface EngineInternals {
  registeredVariables: Record<string, tf.Variable | undefined>;
  registry: Record<string, tf.KernelBackend | undefined>;
  makeTensorFromTensorInfo(info: tf.TensorInfo, backend?: tf.KernelBackend): tf.Tensor;
  runKernel(kernelName: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): tf.Tensor | tf.Tensor[];
}

const engine = () => tf.engine() as unknown as EngineInternals;

/** The variable tfjs registered under `name` (what an optimizer's named gradients refer to). */
export function registeredVariable(name: string): tf.Variable | undefined {
  return engine().registeredVariables[name];
}

/** The instance of a backend that is already running, without starting one (tf.findBackend would). */
export function runningBackend(name: string): tf.KernelBackend | undefined {
  return engine().registry[name];
}

/** A tensor owning the data a kernel wrote (on the active backend). */
export function tensorFromInfo(info: tf.TensorInfo): tf.Tensor {
  return engine().makeTensorFromTensorInfo(info);
}

/** Runs a registered kernel on tensors, recorded on the tape like any op (its gradient is the kernel's registered one). */
export function runKernel(kernelName: string, inputs: tf.NamedTensorMap, attrs: Record<string, unknown>): tf.Tensor {
  return engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

/** A kernel's attributes as the kernel reads them (tfjs types them as a loose map). */
export function kernelAttrs<T>(attrs: tf.NamedAttrMap | undefined): T {
  return (attrs ?? {}) as unknown as T;
}

// ---------------------------------------------------------------- layers and models

/**
 * The prototype of a tfjs-layers class, found through the registry deserialization uses ('Dense', 'LSTM',
 * 'BatchNormalization'): the fused paths wrap its `call`. Undefined when the class is not registered.
 */
export function layerPrototype<T extends object>(className: string): T | undefined {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className] as unknown as [{ prototype: T }] | undefined;
  return entry?.[0]?.prototype;
}

export type LayerCall<L> = (this: L, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> | undefined) => tf.Tensor | tf.Tensor[];

/** What an installer of a fused path or kernel did: patched, or why not (reported, never silently skipped). */
export interface PatchResult {
  name: string;
  patched: boolean;
  reason?: string;
}

/** Replaces a layer class's `call` with `wrap(tfjs' call)`; says whether it could. */
export function wrapLayerCall<L>(className: string, wrap: (tfjsCall: LayerCall<L>) => LayerCall<L>): PatchResult {
  const proto = layerPrototype<{ call?: LayerCall<L> }>(className);
  if (typeof proto?.call !== 'function') return { name: className, patched: false, reason: `tfjs-layers class ${className} is not in the serialization registry, or has no call()` };
  proto.call = wrap(proto.call);
  return { name: className, patched: true };
}

/** A LayerVariable as the fused paths read and update it. */
export interface LayerVariableInternals {
  read(): tf.Variable;
  write(value: tf.Tensor): void;
}

/** The parts of tfjs-layers' Dense the fused path reads. */
export interface DenseInternals {
  activation?: { getClassName(): string; apply(x: tf.Tensor): tf.Tensor };
  kernel?: { read(): tf.Variable };
  bias?: { read(): tf.Variable } | null;
  invokeCallHook?(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown> | undefined): void;
}

/** The parts of tfjs-layers' BatchNormalization the fused path reads and updates. */
export interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma?: LayerVariableInternals;
  beta?: LayerVariableInternals;
  movingMean: LayerVariableInternals;
  movingVariance: LayerVariableInternals;
}

/** The parts of tfjs-layers' LSTM and LSTMCell (not exported as types) the fused path reads. */
export interface LstmInternals {
  cell: {
    getClassName(): string;
    units: number;
    kernel: { read(): tf.Tensor };
    recurrentKernel: { read(): tf.Tensor };
    bias: { read(): tf.Tensor } | null;
    useBias: boolean;
    activation: { getClassName(): string } | null;
    recurrentActivation: { getClassName(): string } | null;
    dropout: number;
    recurrentDropout: number;
  };
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  stateful: boolean;
}

/** The model's weight-regularization penalties for this step (LayersModel keeps the method private). */
export function regularizationLosses(model: tf.LayersModel): tf.Scalar[] {
  return (model as unknown as { calculateLosses(): tf.Scalar[] }).calculateLosses();
}

/** A Bidirectional wrapper's two directions (private fields of tfjs-layers' Bidirectional). */
export function bidirectionalLayers(layer: tf.layers.Layer): { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer } {
  return layer as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
}

/** The nodes through which a layer was called (in the typings as an internal Node class). */
export function inboundNodesOf<Node>(layer: tf.layers.Layer): Node[] {
  return layer.inboundNodes as unknown as Node[];
}

// ---------------------------------------------------------------- optimizers

/** The learning-rate field every tfjs optimizer keeps (protected in the typings) and SGD's setter. */
export interface LearningRateField {
  learningRate?: unknown;
  setLearningRate?(lr: number): void;
}

export function learningRateField(optimizer: tf.Optimizer): LearningRateField {
  return optimizer as unknown as LearningRateField;
}

/** The parts of tfjs' AdamOptimizer the fused update reads and keeps (public at run time, private in its typings). */
export interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

export function adamInternals(optimizer: tf.AdamOptimizer): AdamInternals {
  return optimizer as unknown as AdamInternals;
}

// ---------------------------------------------------------------- backends

/** A WebAssembly memory (this project's TypeScript libs have no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The emscripten module of tfjs-backend-wasm, as far as Model Lab uses it (or an arena of ours that acts like one). */
export interface WasmModuleLike {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  asm?: { memory?: WasmMemory };
  wasmMemory?: WasmMemory;
}

/** The module's memory: the single-threaded build exports it, the threaded build imports a shared one. */
export function wasmMemoryOf(module: WasmModuleLike): WasmMemory | undefined {
  return module.asm?.memory ?? module.wasmMemory;
}

/** The WebAssembly backend's heap API: tensors live on the emscripten heap and are addressed in place. */
export interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  readSync(id: tf.DataId): tf.backend_util.BackendValues;
  disposeData(id: tf.DataId, force?: boolean): boolean;
  wasm?: WasmModuleLike & { tfjs?: { getThreadsCount?: () => number } };
}

/** The backend as a heap backend (wasm), or undefined for any other. */
export function heapBackend(backend: tf.KernelBackend): HeapBackend | undefined {
  return 'typedArrayFromHeap' in backend ? (backend as unknown as HeapBackend) : undefined;
}

/** The heap backend a kernel known to run on wasm was given (throws elsewhere: a wrongly registered kernel). */
export function asHeapBackend(backend: tf.KernelBackend): HeapBackend {
  const heap = heapBackend(backend);
  if (!heap) throw new Error(`a WebAssembly kernel ran on the ${tf.getBackend()} backend`);
  return heap;
}

/** The emscripten module behind a wasm backend (its _malloc and memory), where the backend has one. */
export function wasmModuleOf(backend: tf.KernelBackend): WasmModuleLike | undefined {
  const module = heapBackend(backend)?.wasm;
  return module && typeof module._malloc === 'function' ? module : undefined;
}

/** The plain-JS backend's data store and output maker. */
export interface CpuBackendInternals {
  data: { get(id: tf.DataId): { values: tf.backend_util.BackendValues } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
}

export function cpuBackend(backend: tf.KernelBackend): CpuBackendInternals | undefined {
  const candidate = backend as unknown as Partial<CpuBackendInternals>;
  return !heapBackend(backend) && typeof candidate.data?.get === 'function' && typeof candidate.makeTensorInfo === 'function' ? (candidate as CpuBackendInternals) : undefined;
}

/** Threads the running wasm backend uses (its emscripten module reports them), if it runs. */
export function wasmThreadsCount(): number | undefined {
  const backend = tf.findBackend('wasm');
  return backend ? heapBackend(backend)?.wasm?.tfjs?.getThreadsCount?.() : undefined;
}

/** tfjs-node-gpu's flag on its backend: false when it fell back to the CPU (no CUDA device). */
export function usesGpuDevice(): boolean | undefined {
  return (tf.backend() as unknown as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
}

// ---------------------------------------------------------------- the check

export interface InternalsCheck {
  /** The running @tensorflow/tfjs-core version. */
  version: string;
  pinned: string;
  /** Each private shape that is missing or different, in words; empty when all are as expected. */
  problems: string[];
}

/**
 * Compares the running tfjs with the pinned one and probes each private shape this module reads, on the active
 * backend. Cheap (no tensors are made); run once a backend is up.
 */
export function checkTfjsInternals(): InternalsCheck {
  const problems: string[] = [];
  const version = tf.version_core;
  if (version !== PINNED_TFJS_VERSION) problems.push(`@tensorflow/tfjs-core is ${version}, not the ${PINNED_TFJS_VERSION} Model Lab is built against`);
  const e = engine();
  if (typeof e.registeredVariables !== 'object' || e.registeredVariables === null) problems.push('tf.engine().registeredVariables is missing (AdamW weight decay and the fused Adam cannot find variables)');
  if (typeof e.registry !== 'object' || e.registry === null) problems.push('tf.engine().registry is missing (the threaded wasm switch cannot keep tensors)');
  if (typeof e.makeTensorFromTensorInfo !== 'function') problems.push('tf.engine().makeTensorFromTensorInfo is missing');
  for (const className of ['Dense', 'LSTM', 'BatchNormalization']) {
    if (typeof layerPrototype<{ call?: unknown }>(className)?.call !== 'function') problems.push(`tfjs-layers class ${className} is not in the serialization registry (its fused path cannot be installed)`);
  }
  const adam = tf.train.adam(1e-3) as unknown as Partial<AdamInternals>;
  for (const field of ['beta1', 'beta2', 'epsilon', 'accumulatedFirstMoment', 'accumulatedSecondMoment'] as const) {
    if (adam[field] === undefined) problems.push(`AdamOptimizer has no '${field}' field (the fused Adam update cannot run)`);
  }
  adam.accBeta1?.dispose();
  adam.accBeta2?.dispose();
  const backend = tf.backend();
  if (tf.getBackend() === 'wasm') {
    const heap = heapBackend(backend);
    if (!heap) problems.push('the wasm backend has no typedArrayFromHeap (kernels cannot address its heap)');
    else {
      for (const method of ['makeOutput', 'readSync', 'disposeData'] as const) if (typeof heap[method] !== 'function') problems.push(`the wasm backend has no ${method}()`);
      const module = wasmModuleOf(backend);
      if (!module) problems.push('the wasm backend exposes no emscripten module with _malloc (the SIMD kernels cannot run)');
      else if (!wasmMemoryOf(module)) problems.push('the wasm backend\'s emscripten module shows no memory (the SIMD kernels cannot address the heap)');
    }
  } else if (tf.getBackend() === 'cpu' && !cpuBackend(backend)) {
    problems.push('the cpu backend has no data store or makeTensorInfo (the fused paths cannot read tensors)');
  }
  return { version, pinned: PINNED_TFJS_VERSION, problems };
}

/** The check as one warning line, or undefined when everything is as expected. */
export function internalsWarning(check: InternalsCheck = checkTfjsInternals()): string | undefined {
  if (check.problems.length === 0) return undefined;
  return `Model Lab's speed-ups rely on TensorFlow.js ${check.pinned} internals, and this one differs: ${check.problems.join('; ')}. Training may run slower or fail where these are missing; reinstall with the pinned @tensorflow/tfjs ${check.pinned}.`;
}
