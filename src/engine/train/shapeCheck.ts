// Checks that the data fits the model before any training, naming the layer and both shapes.
import type * as tf from '@tensorflow/tfjs';
import type { LossName } from '../../sdk/types';
import type { PreparedData } from '../data/types';
import { LoadError } from '../loader/errors';
import { layerLocation } from '../loader/runtime';

function fmt(shape: (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

function fits(expected: (number | null)[], actual: number[]): boolean {
  return expected.length === actual.length && expected.every((d, i) => d === null || d === actual[i]);
}

function layerAt(model: tf.LayersModel, which: 'input' | 'output'): tf.layers.Layer {
  if (which === 'input') {
    // The first layer that receives the input (the InputLayer itself has no source line).
    return model.layers.find((l) => l.getClassName() !== 'InputLayer') ?? model.layers[0];
  }
  return model.layers[model.layers.length - 1];
}

export function checkDataFitsModel(model: tf.LayersModel, data: PreparedData, lossName: LossName): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new LoadError('shape-mismatch', `Model '${model.name}' has ${model.inputs.length} inputs and ${model.outputs.length} outputs; Model Lab trains models with one input and one output`);
  }
  const inputShape = model.inputs[0].shape.slice(1);
  if (!fits(inputShape, data.featureShape)) {
    const layer = layerAt(model, 'input');
    throw new LoadError(
      'shape-mismatch',
      `The data's samples have shape ${fmt(data.featureShape)} but layer '${layer.name}' expects input shape ${fmt(inputShape)} per sample`,
      layerLocation(layer),
    );
  }
  const outputShape = model.outputs[0].shape.slice(1);
  const layer = layerAt(model, 'output');
  if (lossName === 'sparseCategoricalCrossentropy') {
    const units = outputShape[outputShape.length - 1];
    if (data.numClasses !== undefined && units !== null && units < data.numClasses) {
      throw new LoadError('shape-mismatch', `The data has ${data.numClasses} classes but the output layer '${layer.name}' has ${units} units`, layerLocation(layer));
    }
    return;
  }
  if (!fits(outputShape, data.targetShape)) {
    const classes = data.numClasses !== undefined ? ` (${data.numClasses} classes${data.oneHot ? ', one-hot' : ''})` : '';
    throw new LoadError(
      'shape-mismatch',
      `The targets have shape ${fmt(data.targetShape)} per sample${classes} but the output layer '${layer.name}' produces ${fmt(outputShape)}`,
      layerLocation(layer),
    );
  }
}
