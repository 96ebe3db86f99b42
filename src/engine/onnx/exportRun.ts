// Exports a recorded run (or any saved tfjs model folder) to an .onnx file. The file is written only
// when the export is verified (or verification is turned off): to a temp name first, then renamed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { SourceLocation } from '../../sdk/types';
import { selectBackend } from '../backend/select';
import { layerLocation } from '../loader/runtime';
import { loadModel } from '../runs/modelFiles';
import type { RunRecord } from '../../protocol/runRecord';
import { RunStore } from '../runs/store';
import { reloadRunData } from '../train/reloadRunData';
import { describeData } from '../data/prepare';
import { buildModel } from '../train/setup';
import { packageRoot } from '../../paths';
import { OnnxExportError } from './errors';
import { exportModel, type ExportOptions, type ExportReport } from './exportModel';
import type { InputSet } from './verify';

export interface ExportRunOptions {
  out?: string;
  opset?: number;
  /** Which saved model of a run: 'best' (default when saved) or 'last'. */
  which?: 'best' | 'last';
  verify?: boolean;
  /** Real samples taken from the run's dataset for verification (default 8). */
  samples?: number;
}

export interface ExportRunResult {
  /** Absent when verification failed: nothing is written then. */
  file?: string;
  runId?: string;
  modelDir: string;
  report: ExportReport;
  /** Where the real inputs came from, or why there were none. */
  realInputs: { split: 'validation' | 'train'; count: number } | { unavailable: string };
}

function isDir(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory();
}

function readRecord(runDir: string): RunRecord | undefined {
  const file = path.join(runDir, 'run.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord) : undefined;
}

/** Finds the model folder and run for `<runId | run folder | model folder>`. */
function resolveTarget(runsDir: string, idOrDir: string, which?: 'best' | 'last'): { modelDir: string; runDir?: string; record?: RunRecord } {
  let runDir: string | undefined;
  if (isDir(idOrDir) && fs.existsSync(path.join(idOrDir, 'model.json'))) {
    const parent = path.dirname(path.resolve(idOrDir));
    const record = readRecord(parent);
    return { modelDir: path.resolve(idOrDir), runDir: record ? parent : undefined, record };
  }
  if (isDir(idOrDir) && fs.existsSync(path.join(idOrDir, 'run.json'))) {
    runDir = path.resolve(idOrDir);
  } else {
    try {
      const store = new RunStore(runsDir);
      runDir = store.runDir(store.get(idOrDir).runId);
    } catch (err) {
      throw new OnnxExportError('bad-input', err instanceof Error ? err.message : String(err));
    }
  }
  const record = readRecord(runDir);
  const choices = which ? [which] : ['best', 'last'];
  for (const kind of choices) {
    const dir = path.join(runDir, `model-${kind}`);
    if (fs.existsSync(path.join(dir, 'model.json'))) return { modelDir: dir, runDir, record };
  }
  throw new OnnxExportError('bad-input', `Run ${record?.runId ?? runDir} has no saved model-${choices.join(' or model-')}`);
}

/**
 * Re-loads the run's model file to get real inputs (its dataset, split with the run's seed) and the
 * source line of each layer (by rebuilding the model and pairing layers in order). Best effort: the
 * file may have changed or gone since the run.
 */
async function fromModelFile(record: RunRecord, model: tf.LayersModel, count: number): Promise<{ sets: InputSet[]; realInputs: ExportRunResult['realInputs']; locate?: (l: tf.layers.Layer) => SourceLocation | undefined }> {
  let locate: ((l: tf.layers.Layer) => SourceLocation | undefined) | undefined;
  try {
    if (!fs.existsSync(record.file)) return { sets: [], realInputs: { unavailable: `model file ${record.file} no longer exists` } };
    const { experiment, settings, data } = await reloadRunData(record);
    try {
      const rebuilt = buildModel(experiment, settings.params, describeData(data));
      const same = rebuilt.layers.length === model.layers.length && rebuilt.layers.every((l, i) => l.getClassName() === model.layers[i].getClassName());
      if (same) {
        const byName = new Map(model.layers.map((l, i) => [l.name, layerLocation(rebuilt.layers[i])]));
        locate = (l) => byName.get(l.name);
      }
      rebuilt.dispose();
    } catch {
      // Locations are a nicety; the export does not depend on them.
    }
    if (model.inputs.length !== 1) return { sets: [], realInputs: { unavailable: 'the model has several inputs' }, locate };
    const split = (data.validation?.count ?? 0) >= 2 ? 'validation' : 'train';
    const source = split === 'validation' ? data.validation! : data.train;
    const n = Math.min(count, source.count);
    if (n < 2) return { sets: [], realInputs: { unavailable: 'the dataset has fewer than 2 samples' }, locate };
    const featureSize = data.featureShape.reduce((a, b) => a * b, 1);
    const expected = model.inputs[0].shape.slice(1);
    if (expected.length !== data.featureShape.length || expected.some((d, i) => d !== null && d !== data.featureShape[i])) {
      return { sets: [], realInputs: { unavailable: `dataset features [${data.featureShape}] do not match the model input [${expected}]` }, locate };
    }
    const x = tf.tensor(source.x.slice(0, n * featureSize), [n, ...data.featureShape], model.inputs[0].dtype === 'int32' ? 'int32' : 'float32');
    return { sets: [{ label: `${split} samples`, inputs: [x] }], realInputs: { split, count: n }, locate };
  } catch (err) {
    return { sets: [], realInputs: { unavailable: err instanceof Error ? err.message.split('\n')[0] : String(err) }, locate };
  }
}

export async function exportRun(runsDir: string, idOrDir: string, options: ExportRunOptions = {}): Promise<ExportRunResult> {
  const { modelDir, runDir, record } = resolveTarget(runsDir, idOrDir, options.which);
  // Verification compares against tfjs on the plain CPU backend: exact float32 kernels, no native deps.
  await selectBackend('cpu');
  let model: tf.LayersModel;
  try {
    model = await loadModel(modelDir);
  } catch (err) {
    throw new OnnxExportError('bad-input', `Cannot load the model in ${modelDir}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const extra = record ? await fromModelFile(record, model, options.samples ?? 8) : { sets: [], realInputs: { unavailable: 'not a recorded run (no run.json)' } as ExportRunResult['realInputs'] };
  const exportOptions: ExportOptions = {
    opset: options.opset,
    verify: options.verify,
    sampleInputs: extra.sets,
    locate: 'locate' in extra ? extra.locate : undefined,
    producerVersion: producerVersion(),
    metadata: { runId: record?.runId, experiment: record?.experiment, trainingConfig: record?.config, modelFile: record?.relativeFile ?? record?.file },
  };
  try {
    const { bytes, report } = await exportModel(model, exportOptions);
    const result: ExportRunResult = { modelDir, runId: record?.runId, report, realInputs: extra.realInputs };
    if (report.verification && !report.verification.passed) return result;
    const out = path.resolve(options.out ?? path.join(runDir ?? path.dirname(modelDir), 'model.onnx'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, out);
    result.file = out;
    return result;
  } finally {
    model.dispose();
  }
}

function producerVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
