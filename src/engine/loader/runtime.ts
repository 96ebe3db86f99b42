// What `import ... from '@tensorflow/tfjs'` and `from 'modellab'` give a model file: the engine's own
// instances, so a model file needs nothing installed in its workspace and its tensors live on our backend.
// The tfjs object is a copy whose `tf.layers.*` factories record where each layer was written.
import * as tf from '@tensorflow/tfjs';
import * as sdk from '../../sdk/index';
import { userCallSite } from '../../sdk/location';
import type { SourceLocation } from '../../sdk/types';

const layerLocations = new WeakMap<object, SourceLocation>();

/** The file:line:column of the `tf.layers.*` call that created this layer, if it came from a model file. */
export function layerLocation(layer: object): SourceLocation | undefined {
  return layerLocations.get(layer);
}

function recordingLayers(): typeof tf.layers {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(tf.layers)) {
    if (typeof value !== 'function' || /^[A-Z]/.test(name)) {
      wrapped[name] = value;
      continue;
    }
    const factory = value as (...args: unknown[]) => unknown;
    wrapped[name] = function recordCallSite(this: unknown, ...args: unknown[]) {
      const layer = factory.apply(this, args);
      if (layer && typeof layer === 'object') {
        const site = userCallSite();
        if (site) layerLocations.set(layer, site);
      }
      return layer;
    };
  }
  return wrapped as typeof tf.layers;
}

let tfForModels: typeof tf | undefined;

function tfjsForModelFiles(): typeof tf {
  // A plain copy: the module namespace's getters are not writable.
  return (tfForModels ??= { ...tf, layers: recordingLayers() } as typeof tf);
}

/** Module ids a model file may import that resolve to the engine's instances. */
export const RUNTIME_MODULES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', 'modellab'] as const;

export function runtimeModule(id: string): unknown {
  if (id === 'modellab') return sdk;
  if (id === '@tensorflow/tfjs-core') return tf;
  return tfjsForModelFiles();
}
