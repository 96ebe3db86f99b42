// A JSON-safe description of a built model: layers, shapes, parameter counts, and where each layer was written.
import type * as tf from '@tensorflow/tfjs';
import type { LayerSummary, ModelSummary } from '../../protocol/events';
import { layerLocation } from '../loader/runtime';

type Shape = (number | null)[];

/** The layer's activation by name: its `activation` option, or the activation layer it is (ReLU, Softmax…). */
export function activationOfLayer(layer: tf.layers.Layer): string | undefined {
  const cls = layer.getClassName();
  if (cls === 'ReLU') return 'relu';
  if (cls === 'LeakyReLU') return 'leakyReLU';
  if (cls === 'Softmax') return 'softmax';
  if (cls === 'ELU') return 'elu';
  const config = layer.getConfig() as { activation?: unknown };
  return typeof config.activation === 'string' ? config.activation : undefined;
}

/** Number of values in the given weights. */
export function countParams(weights: tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

export function summarizeLayer(layer: tf.layers.Layer): LayerSummary {
  let outputShape: LayerSummary['outputShape'] = [];
  try {
    outputShape = layer.outputShape as LayerSummary['outputShape'];
  } catch {
    // A layer used at several nodes has no single output shape.
  }
  return {
    name: layer.name,
    className: layer.getClassName(),
    outputShape,
    params: countParams(layer.weights),
    trainableParams: layer.trainable ? countParams(layer.trainableWeights) : 0,
    activation: activationOfLayer(layer),
    location: layerLocation(layer),
  };
}

export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map(summarizeLayer);
  return {
    layers,
    totalParams: layers.reduce((s, l) => s + l.params, 0),
    trainableParams: layers.reduce((s, l) => s + l.trainableParams, 0),
    inputShape: model.inputs[0].shape as Shape,
    outputShape: model.outputs[0].shape as Shape,
  };
}
