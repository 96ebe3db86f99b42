// What a layer converter gets: the graph being built, the live tfjs layer (its getConfig(), weights and
// shapes) and a way to refuse the layer with a clear error.
import type * as tf from '@tensorflow/tfjs';
import type { SourceLocation } from '../../sdk/types';
import { UnsupportedLayerError } from './errors';
import type { GraphBuilder, Shape } from './graph';

export interface LayerRef {
  name: string;
  className: string;
  location?: SourceLocation;
}

export class ConvertContext {
  /** getConfig(), not toJSON(): toJSON snake-cases string values too ('hard_sigmoid'). */
  readonly config: Record<string, unknown>;

  constructor(
    readonly g: GraphBuilder,
    readonly layer: tf.layers.Layer,
    readonly ref: LayerRef,
    readonly inputShapes: Shape[],
    readonly outputShapes: Shape[],
  ) {
    this.config = layer.getConfig() as Record<string, unknown>;
  }

  get opset(): number {
    return this.g.opset;
  }

  /** Base for node and initializer names. */
  get prefix(): string {
    return this.ref.name;
  }

  unsupported(reason: string): never {
    throw new UnsupportedLayerError(this.ref, reason);
  }

  /** A config value the converter needs, with a default for what getConfig() may omit. */
  cfg<T>(key: string, fallback?: T): T {
    const v = this.config[key];
    return (v === undefined || v === null ? fallback : v) as T;
  }

  /** The layer's weight whose last name segment is `suffix` (by name, not index: see notes §4.3). */
  weight(suffix: string, of: tf.layers.Layer = this.layer): { data: Float32Array; shape: number[] } {
    const found = findWeight(of, suffix);
    if (!found) this.unsupported(`weight '${suffix}' not found (has ${of.weights.map((w) => w.originalName ?? w.name).join(', ')})`);
    return found;
  }

  hasWeight(suffix: string, of: tf.layers.Layer = this.layer): boolean {
    return findWeight(of, suffix) !== undefined;
  }

  /** Refuses channels-first layouts: every mapping here assumes tfjs' default channelsLast. */
  requireChannelsLast(): void {
    const df = this.config.dataFormat;
    if (df !== undefined && df !== null && df !== 'channelsLast') this.unsupported(`dataFormat '${String(df)}' (only channelsLast is exported)`);
  }

  rank(i = 0): number {
    return this.inputShapes[i].length;
  }
}

function findWeight(layer: tf.layers.Layer, suffix: string): { data: Float32Array; shape: number[] } | undefined {
  const v = layer.weights.find((w) => {
    const name = w.originalName ?? w.name;
    return name === suffix || name.endsWith(`/${suffix}`);
  });
  if (!v) return undefined;
  // A copy: dataSync() may be a view into a larger buffer.
  return { data: Float32Array.from(v.read().dataSync() as Float32Array), shape: v.shape.slice() as number[] };
}

export type Converter = (ctx: ConvertContext, inputs: string[]) => string[];
