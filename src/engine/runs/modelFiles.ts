// Saves and loads models in TensorFlow.js' layers format (model.json + weights.bin) without tfjs-node,
// whose file:// handler is not available here. A save goes to a temp folder first, so a crash never
// replaces a good model with half of one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeAll } from './atomicFile';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/** Saves `model` to `dir` (model.json + weights.bin), replacing what was there only once fully written. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  const tmp = `${dir}.saving-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await model.save(tf.io.withSaveHandler(async (artifacts) => writeArtifacts(artifacts, tmp)));
    replaceDir(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function writeArtifacts(artifacts: tf.io.ModelArtifacts, dir: string): tf.io.SaveResult {
  const weights = concatBuffers(artifacts.weightData ?? []);
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  // Optional parts a model may carry (optimizer config, user metadata): keep them when present.
  if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  writeDurably(path.join(dir, WEIGHTS_BIN), weights);
  writeDurably(path.join(dir, MODEL_JSON), JSON.stringify(modelJson));
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

function writeDurably(file: string, content: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    writeAll(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Puts the finished `tmp` folder at `dir`. A folder cannot be renamed over a non-empty one, so the old
 * model steps aside first; a crash in between leaves it at `<dir>.old-<pid>`, not lost.
 */
function replaceDir(tmp: string, dir: string): void {
  const old = `${dir}.old-${process.pid}`;
  fs.rmSync(old, { recursive: true, force: true });
  const hadOld = fs.existsSync(dir);
  if (hadOld) fs.renameSync(dir, old);
  fs.renameSync(tmp, dir);
  if (hadOld) fs.rmSync(old, { recursive: true, force: true });
}

function concatBuffers(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}

/** Loads a model saved by saveModel (or any tfjs layers model.json whose weight files sit beside it). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const jsonFile = path.join(dir, MODEL_JSON);
  if (!fs.existsSync(jsonFile)) throw new Error(`No saved model in ${dir} (${MODEL_JSON} is missing)`);
  const modelJson = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as tf.io.ModelJSON;
  const groups = modelJson.weightsManifest ?? [];
  const weightSpecs = groups.flatMap((group) => group.weights);
  // Weight files in manifest order: specs index into their concatenation.
  const buffers = groups.flatMap((group) => group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
  const weightData = concatBuffers(buffers.map((b) => new Uint8Array(b).buffer as ArrayBuffer)).buffer as ArrayBuffer;
  const artifacts = tf.io.getModelArtifactsForJSONSync(modelJson, weightSpecs, weightData);
  return tf.loadLayersModel({ load: async () => artifacts });
}
