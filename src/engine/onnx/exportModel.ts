// tfjs LayersModel → ONNX ModelProto bytes, walking the live model (layers, inbound nodes, weights),
// then checking the graph and (by default) proving it against tfjs with onnxruntime.
import * as tf from '@tensorflow/tfjs';
import type { SourceLocation } from '../../sdk/types';
import { layerLocation } from '../loader/runtime';
import { checkModel } from './checker';
import { ConvertContext, type LayerRef } from './context';
import { CONVERTERS, REFUSED } from './converters';
import { OnnxExportError, UnsupportedLayerError } from './errors';
import { GraphBuilder, valueInfo, type Shape } from './graph';
import { DEFAULT_OPSET, irVersionFor, MAX_OPSET, MIN_OPSET } from './opsets';
import { DataType, encodeModel, type ModelMessage } from './proto';
import { verifyExport, type InputSet, type VerificationReport } from './verify';
import { inboundNodesOf } from '../backend/tfjsInternals';

export interface ExportOptions {
  /** ONNX opset, 13..17 (default 17). */
  opset?: number;
  /** Run onnxruntime against tfjs (default true). */
  verify?: boolean;
  /** Real inputs (batch ≥ 2), e.g. from the run's dataset; random inputs are always added. */
  sampleInputs?: InputSet[];
  /** Written as metadata_props. */
  metadata?: { runId?: string; experiment?: string; trainingConfig?: unknown; modelFile?: string };
  /** Source location of a layer, for errors; defaults to where a model file created it. */
  locate?: (layer: tf.layers.Layer) => SourceLocation | undefined;
  producerVersion?: string;
}

export interface ExportReport {
  opset: number;
  irVersion: number;
  inputs: { name: string; shape: (number | string)[]; dtype: 'float32' | 'int32' }[];
  outputs: { name: string; shape: (number | string)[] }[];
  nodes: number;
  ops: Record<string, number>;
  initializers: number;
  parameters: number;
  sizeBytes: number;
  verification?: VerificationReport;
}

export interface ExportResult {
  bytes: Uint8Array;
  report: ExportReport;
}

type SymTensor = tf.SymbolicTensor;
type InboundNode = { inputTensors: SymTensor[]; outputTensors: SymTensor[] };

const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional']);

function shown(shape: Shape): (number | string)[] {
  return shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : '?') : d));
}

/** Builds the ONNX model; throws UnsupportedLayerError (nothing built) for a layer without a mapping. */
export function buildOnnxModel(model: tf.LayersModel, options: ExportOptions = {}): { message: ModelMessage; io: { inputs: ExportReport['inputs']; outputs: ExportReport['outputs'] } } {
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new OnnxExportError('bad-input', `opset ${opset} is not supported (use ${MIN_OPSET} to ${MAX_OPSET})`);
  }
  const locate = options.locate ?? ((layer: tf.layers.Layer) => layerLocation(layer));
  const refOf = (layer: tf.layers.Layer): LayerRef => ({ name: layer.name, className: layer.getClassName(), location: locate(layer) });
  const g = new GraphBuilder(opset);
  const names = new Map<number, string>();

  refuseUpfront(model, refOf);

  const inputs = model.inputs.map((t, i) => {
    const name = model.inputNames[i] || t.name;
    g.reserve(name);
    names.set(t.id, name);
    const dtype: 'float32' | 'int32' = t.dtype === 'int32' ? 'int32' : 'float32';
    return { name, shape: t.shape as Shape, dtype };
  });

  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    for (const node of inboundNodesOf<InboundNode>(layer)) {
      // A layer can also be called outside this model; only nodes fed by this model's tensors count.
      if (!node.inputTensors.every((t) => names.has(t.id))) continue;
      const ref = refOf(layer);
      if (REFUSED[className]) throw new UnsupportedLayerError(ref, REFUSED[className]);
      const convert = CONVERTERS[className];
      if (!convert) throw new UnsupportedLayerError(ref, `no ONNX mapping for ${className} (exported layers: ${Object.keys(CONVERTERS).join(', ')})`);
      const ctx = new ConvertContext(g, layer, ref, node.inputTensors.map((t) => t.shape as Shape), node.outputTensors.map((t) => t.shape as Shape));
      let outs: string[];
      try {
        outs = convert(ctx, node.inputTensors.map((t) => names.get(t.id) as string));
      } catch (err) {
        if (err instanceof OnnxExportError) throw err;
        throw new OnnxExportError('internal', `exporting layer '${ref.name}' (${className}) failed: ${err instanceof Error ? err.message : String(err)}`, ref);
      }
      if (outs.length !== node.outputTensors.length) throw new OnnxExportError('internal', `layer '${ref.name}' (${className}): ${outs.length} ONNX outputs for ${node.outputTensors.length} tfjs outputs`, ref);
      node.outputTensors.forEach((t, i) => {
        names.set(t.id, outs[i]);
        // Declared shapes let onnxruntime's shape inference catch a layout bug at load time.
        if (g.isNodeOutput(outs[i])) g.setValueInfo(outs[i], t.shape as Shape);
      });
    }
  }

  const outputNames: string[] = [];
  const outputs = model.outputs.map((t, i) => {
    // Sequential models have no outputNames until compiled: fall back to the producing layer's name.
    const base = model.outputNames[i] || t.sourceLayer?.name || `output_${i}`;
    // A layer with several outputs (returnState, Bidirectional without merge) names them base, base_1, ….
    let wanted = base;
    for (let k = 1; g.isUsed(wanted); k++) wanted = `${base}_${k}`;
    const current = names.get(t.id);
    if (current === undefined) throw new OnnxExportError('internal', `output '${wanted}' was not produced by any layer`);
    const isInput = inputs.some((inp) => inp.name === current);
    let name = wanted;
    if (!g.isNodeOutput(current) || isInput || outputNames.includes(current)) {
      // The output is a graph input or already an output (identity layers): give it its own value.
      g.node('Identity', [current], [], `${wanted}/Identity`).forEach((o) => g.rename(o, name));
      g.valueInfos.delete(name);
    } else if (current !== wanted) {
      g.rename(current, wanted);
    } else {
      name = current;
    }
    outputNames.push(name);
    return { name, shape: t.shape as Shape };
  });
  g.prune(outputNames);

  const metadata: { key: string; value: string }[] = [];
  const meta = options.metadata ?? {};
  if (meta.runId) metadata.push({ key: 'modellab.run_id', value: meta.runId });
  if (meta.experiment) metadata.push({ key: 'modellab.experiment', value: meta.experiment });
  if (meta.modelFile) metadata.push({ key: 'modellab.model_file', value: meta.modelFile });
  if (meta.trainingConfig !== undefined) metadata.push({ key: 'modellab.training_config', value: JSON.stringify(meta.trainingConfig) });
  metadata.push({ key: 'modellab.source_format', value: `TensorFlow.js ${tf.version_layers} LayersModel` });
  metadata.push({ key: 'modellab.layout', value: 'tensors keep the TensorFlow.js layout (NHWC, batch-major sequences)' });

  const message: ModelMessage = {
    irVersion: irVersionFor(opset),
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'modellab',
    producerVersion: options.producerVersion ?? 'dev',
    docString: `Exported by Model Lab from the TensorFlow.js model '${model.name}'.`,
    graph: g.toGraph(
      model.name || 'model',
      inputs.map((i) => valueInfo(i.name, i.shape, i.dtype === 'int32' ? DataType.INT32 : DataType.FLOAT)),
      outputs.map((o) => valueInfo(o.name, o.shape)),
    ),
    metadataProps: metadata,
  };
  const problems = checkModel(message);
  if (problems.length > 0) throw new OnnxExportError('internal', `the exported graph breaks ONNX checker rules:\n  ${problems.join('\n  ')}`);
  return {
    message,
    io: {
      inputs: inputs.map((i) => ({ name: i.name, shape: shown(i.shape), dtype: i.dtype })),
      outputs: outputs.map((o) => ({ name: o.name, shape: shown(o.shape) })),
    },
  };
}

/** Refusals that depend on more than one layer. */
function refuseUpfront(model: tf.LayersModel, refOf: (layer: tf.layers.Layer) => LayerRef): void {
  const hasRecurrent = model.layers.some((l) => RECURRENT.has(l.getClassName()));
  for (const layer of model.layers) {
    const config = layer.getConfig() as Record<string, unknown>;
    if (layer.getClassName() === 'Embedding' && config.maskZero && hasRecurrent) {
      throw new UnsupportedLayerError(refOf(layer), 'maskZero feeding a recurrent layer: tfjs masking carries the state over masked steps anywhere in a sequence, which ONNX cannot express');
    }
  }
}

/** Exports and (unless options.verify is false) verifies. The bytes are returned even when verification fails: the caller decides. */
export async function exportModel(model: tf.LayersModel, options: ExportOptions = {}): Promise<ExportResult> {
  const { message, io } = buildOnnxModel(model, options);
  const bytes = encodeModel(message);
  const ops: Record<string, number> = {};
  for (const n of message.graph.node) ops[n.opType] = (ops[n.opType] ?? 0) + 1;
  const report: ExportReport = {
    opset: message.opsetImport[0].version,
    irVersion: message.irVersion,
    inputs: io.inputs,
    outputs: io.outputs,
    nodes: message.graph.node.length,
    ops,
    initializers: message.graph.initializer.length,
    parameters: message.graph.initializer.filter((t) => t.dataType === DataType.FLOAT).reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0),
    sizeBytes: bytes.length,
  };
  if (options.verify !== false) {
    const sets = [...(options.sampleInputs ?? []), ...randomInputSets(model)];
    try {
      report.verification = await verifyExport(bytes, model, { inputs: io.inputs, outputs: io.outputs.map((o) => o.name) }, sets);
    } finally {
      for (const s of sets) tf.dispose(s.inputs);
    }
  }
  return { bytes, report };
}

/** Deterministic generator (mulberry32), so a failing verification is repeatable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids for inputs that feed an Embedding (the smallest inputDim among them), undefined otherwise. */
function embeddingRange(model: tf.LayersModel, input: SymTensor): number | undefined {
  let range: number | undefined;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Embedding') continue;
    for (const node of inboundNodesOf<InboundNode>(layer)) {
      if (node.inputTensors.some((t) => t.id === input.id)) range = Math.min(range ?? Infinity, (layer.getConfig() as { inputDim: number }).inputDim);
    }
  }
  return range;
}

/** Batch 3 (a batch of 1 hides batch/time mix-ups), normal ×1 and ×3 (saturating activations); free axes get 5. */
export function randomInputSets(model: tf.LayersModel, batch = 3): InputSet[] {
  return [1, 3].map((scale, k) => {
    const next = rng(1234 + k);
    const inputs = model.inputs.map((t) => {
      const shape = t.shape.map((d, i) => (i === 0 ? batch : d ?? 5));
      const size = shape.reduce((a, b) => a * b, 1);
      const ids = embeddingRange(model, t);
      const data = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        if (ids !== undefined) data[i] = Math.floor(next() * ids);
        else data[i] = scale * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      }
      return tf.tensor(data, shape, t.dtype === 'int32' ? 'int32' : 'float32');
    });
    return { label: scale === 1 ? 'random normal' : 'random normal ×3', inputs };
  });
}
