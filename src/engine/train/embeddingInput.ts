// Inputs that are token ids: an Embedding that reads the model's input directly. Such features are never
// standardized (a standardized id is no id), the data rules about feature scales leave them alone, and ids
// outside [0, inputDim) are an error before training, in the model's terms, at the Embedding's line.
import * as tf from '@tensorflow/tfjs';
import type { ArraySplit } from '../data/types';
import { LoadError } from '../loader/errors';
import { layerLocation } from '../loader/runtime';

export interface EmbeddingInput {
  layer: tf.layers.Layer;
  inputDim: number;
}

/** The Embedding fed by the model's (single) input, if any. */
export function embeddingOnInput(model: tf.LayersModel): EmbeddingInput | undefined {
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Embedding') continue;
    // A Sequential's first layer, or a functional layer whose inbound layer is the model's InputLayer.
    const first = model.layers[0] === layer;
    const fromInput = layer.inboundNodes.some((node) => node.inboundLayers.some((l) => l.getClassName() === 'InputLayer'));
    if (first || fromInput) return { layer, inputDim: Number((layer.getConfig() as { inputDim?: number }).inputDim) };
  }
  return undefined;
}

/** Throws a LoadError (exit 2) at the Embedding's line when an id is negative, fractional or ≥ inputDim. */
export function checkIds(embedding: EmbeddingInput, splits: { name: string; split?: ArraySplit }[]): void {
  let min = Infinity;
  let max = -Infinity;
  let fractional: { value: number; where: string } | undefined;
  for (const { name, split } of splits) {
    if (!split) continue;
    const x = split.x;
    const width = split.count ? x.length / split.count : 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v < min) min = v;
      if (v > max) max = v;
      if (!fractional && !Number.isInteger(v)) fractional = { value: v, where: `${name} row ${Math.floor(i / width)}, feature ${i % width}` };
    }
  }
  const name = embedding.layer.name;
  const location = layerLocation(embedding.layer);
  const at = location ? ` at line ${location.line}` : '';
  if (fractional) {
    throw new LoadError('data-error', `The inputs feed the Embedding '${name}'${at}, so they must be whole-number ids, but ${fractional.where} is ${fractional.value}`, location);
  }
  if (min < 0 || max >= embedding.inputDim) {
    throw new LoadError('data-error', `ids in ${min}…${max} reach the Embedding '${name}'${at}, which has inputDim ${embedding.inputDim} (ids 0…${embedding.inputDim - 1}): ${max >= embedding.inputDim ? `raise inputDim to at least ${max + 1}` : 'ids must not be negative'}`, location);
  }
}
