// Every K steps: run a fixed batch of training samples through the model and summarize each layer's
// output: magnitude, zeros, dead units, saturation, and a histogram. One extra forward pass, one read.
import * as tf from '@tensorflow/tfjs';
import type { PreparedData } from '../../data/types';
import { gatherBatch } from '../../train/batches';
import { activationKind, activationOfLayer } from '../facts';
import type { ActivationKind, LayerActivationStats } from '../types';
import { histogram } from './histogram';
import { hostReadsAreCheap } from '../../backend/hostReads';
import { withHostViews } from '../../backend/hostView';
import { heapActivationStatsFor, type HeapActivationStats } from '../../backend/simd/heapActivationStats';

interface ProbedLayer {
  name: string;
  kind: ActivationKind;
}

/** Numbers computed per layer, in this order, packed into one tensor. */
const STATS = ['mean', 'std', 'rms', 'maxAbs', 'zeroFraction', 'deadFraction', 'saturatedFraction'] as const;

export class ActivationProbe {
  private readonly probeModel: tf.LayersModel | undefined;
  /** A Sequential's layers in order: applied one after another, they skip the graph executor (half the time). */
  private readonly chain: tf.layers.Layer[] | undefined;
  private readonly layers: ProbedLayer[] = [];
  private readonly input: tf.Tensor;

  constructor(model: tf.LayersModel, data: PreparedData, batchSize: number, private readonly withHistograms: boolean, private readonly onHost?: boolean) {
    const n = Math.min(batchSize, data.train.count);
    const batch = gatherBatch(data.train, data, null, 0, n);
    batch.y.dispose();
    this.input = batch.x;
    const outputs: tf.SymbolicTensor[] = [];
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      let output: tf.SymbolicTensor | tf.SymbolicTensor[];
      try {
        output = layer.output; // throws for a layer applied at several places
      } catch {
        continue;
      }
      if (Array.isArray(output)) continue;
      outputs.push(output);
      this.layers.push({ name: layer.name, kind: activationKind(activationOfLayer(layer)) });
    }
    this.probeModel = outputs.length > 0 ? tf.model({ inputs: model.inputs, outputs }) : undefined;
    const probedAll = this.layers.length === model.layers.filter((l) => l.getClassName() !== 'InputLayer').length;
    this.chain = model instanceof tf.Sequential && probedAll ? model.layers.filter((l) => l.getClassName() !== 'InputLayer') : undefined;
  }

  /** Every probed layer's output for the probe batch, inference mode. */
  private forward(): tf.Tensor[] {
    if (this.chain) {
      return tf.tidy(() => {
        const outs: tf.Tensor[] = [];
        let x = this.input;
        for (const layer of this.chain!) outs.push((x = layer.apply(x, { training: false }) as tf.Tensor));
        return outs;
      });
    }
    const outputs = this.probeModel!.predict(this.input) as tf.Tensor | tf.Tensor[];
    return Array.isArray(outputs) ? outputs : [outputs];
  }

  async run(): Promise<LayerActivationStats[]> {
    if (!this.probeModel) return [];
    const list = this.forward();
    try {
      // On wasm and cpu the activations are a memcpy away: one read per layer feeds both the stats and
      // the histogram, instead of ~20 reduction kernels per layer. Elsewhere reading is a device sync.
      const onHost = this.onHost ?? hostReadsAreCheap();
      let values: ArrayLike<number>;
      let histograms: (ReturnType<typeof histogram> | undefined)[] = [];
      if (onHost) {
        // On wasm the passes run on the heap where the activations are (SIMD), else in JS.
        const passes = heapActivationStatsFor(tf.backend());
        withHostViews(list, (data) => {
          // One summary pass per layer serves both the statistics and the histogram's range.
          const summaries = data.map((d) => passes?.summary(d));
          values = data.flatMap((d, i) => hostLayerStats(d, list[i].shape[list[i].shape.length - 1] ?? 1, this.layers[i].kind, passes, summaries[i]));
          if (this.withHistograms) histograms = data.map((d, i) => histogram(d, undefined, passes, summaries[i]));
        });
      } else {
        const packed = tf.tidy(() => tf.stack(list.map((a, i) => layerStats(a, this.layers[i].kind))));
        values = await packed.data();
        packed.dispose();
        if (this.withHistograms) histograms = await Promise.all(list.map(async (a) => histogram(await a.data())));
      }
      return this.layers.map((layer, i) => {
        const at = (k: (typeof STATS)[number]) => values[i * STATS.length + STATS.indexOf(k)];
        const stats: LayerActivationStats = { layer: layer.name, mean: at('mean'), std: at('std'), rms: at('rms'), maxAbs: at('maxAbs'), zeroFraction: at('zeroFraction') };
        if (layer.kind === 'relu-family') stats.deadFraction = at('deadFraction');
        if (layer.kind === 'sigmoid' || layer.kind === 'tanh' || layer.kind === 'softmax') stats.saturatedFraction = at('saturatedFraction');
        if (histograms[i]) stats.histogram = histograms[i];
        return stats;
      });
    } finally {
      tf.dispose(list);
    }
  }

  dispose(): void {
    this.input.dispose();
  }
}

/** [mean, std, rms, maxAbs, zeroFraction, deadFraction, saturatedFraction] of one layer's output. */
function layerStats(a: tf.Tensor, kind: ActivationKind): tf.Tensor1D {
  const units = a.shape[a.shape.length - 1] ?? 1;
  // Rows are samples (and positions, for convolutions); columns are units (channels).
  const rows = a.reshape([-1, units]);
  const { mean, variance } = tf.moments(a);
  const rms = tf.sqrt(tf.mean(tf.square(a)));
  const maxAbs = tf.max(tf.abs(a));
  const zeros = tf.mean(tf.cast(tf.equal(a, 0), 'float32'));
  // A unit is dead when it is ≤ 0 for every row of the probe batch.
  const dead = kind === 'relu-family' ? tf.mean(tf.cast(tf.lessEqual(tf.max(rows, 0), 0), 'float32')) : tf.scalar(0);
  let saturated: tf.Tensor = tf.scalar(0);
  if (kind === 'sigmoid') saturated = tf.mean(tf.cast(tf.logicalOr(tf.less(a, 0.01), tf.greater(a, 0.99)), 'float32'));
  if (kind === 'tanh') saturated = tf.mean(tf.cast(tf.greater(tf.abs(a), 0.99), 'float32'));
  if (kind === 'softmax') saturated = tf.mean(tf.cast(tf.greater(tf.max(rows, -1), 0.999), 'float32'));
  return tf.stack([mean, tf.sqrt(variance), rms, maxAbs, zeros, dead, saturated].map((t) => tf.reshape(t, []))) as tf.Tensor1D;
}

/**
 * The same numbers as layerStats, from the activations' data (row-major, `units` values per row): on
 * the wasm heap through `passes` when given (`summary`: their summary pass over `a`, if already run), else in JS.
 */
export function hostLayerStats(a: Float32Array, units: number, kind: ActivationKind, passes?: HeapActivationStats, summary = passes?.summary(a)): number[] {
  const n = a.length;
  if (n === 0) return [NaN, NaN, NaN, -Infinity, NaN, 0, 0];
  if (summary) {
    const rows = Math.floor(n / units);
    const columns = kind === 'relu-family' ? passes!.columnMaxima(a, units, rows) : undefined;
    const dead = kind !== 'relu-family' ? 0 : (columns ? columns.filter((m) => m <= 0).length : deadUnits(a, units, rows)) / Math.max(1, units);
    return summarized(summary.sum, summary.squares, summary.maxAbs, summary.zeros, n, dead, saturation(a, units, rows, kind, passes));
  }
  return jsLayerStats(a, units, kind);
}

function summarized(sum: number, squares: number, maxAbs: number, zeros: number, n: number, dead: number, saturatedFraction: number): number[] {
  const mean = sum / n;
  // Population variance, as tf.moments; clamped against rounding below zero.
  const variance = Math.max(0, squares / n - mean * mean);
  return [mean, Math.sqrt(variance), Math.sqrt(squares / n), maxAbs, zeros / n, dead, saturatedFraction];
}

/** The saturated share for sigmoid, tanh and softmax outputs (0 for other kinds). */
function saturation(a: Float32Array, units: number, rows: number, kind: ActivationKind, passes?: HeapActivationStats): number {
  const outside = (low: number, high: number) => (passes ? passes.countOutside(a, low, high) : countOutside(a, low, high)) / a.length;
  if (kind === 'sigmoid') return outside(0.01, 0.99);
  if (kind === 'tanh') return outside(-0.99, 0.99);
  if (kind === 'softmax') return rowsWithMaxAbove(a, units, rows, 0.999) / Math.max(1, rows);
  return 0;
}

/**
 * hostLayerStats in JS. Each pass below executes every statement on every call (counts add 0 or 1
 * instead of `if (…) n++`): a statement that has never run has no type feedback, and V8's optimized
 * code deoptimizes on it.
 */
function jsLayerStats(a: Float32Array, units: number, kind: ActivationKind): number[] {
  const n = a.length;
  let sum = 0;
  let squares = 0;
  let maxAbs = -Infinity;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    sum += v;
    squares += v * v;
    const abs = Math.abs(v);
    // NaN wins, as in the kernels' max.
    maxAbs = abs > maxAbs || abs !== abs ? abs : maxAbs;
    zeros += v === 0 ? 1 : 0;
  }
  const rows = Math.floor(n / units);
  const dead = kind === 'relu-family' ? deadUnits(a, units, rows) / Math.max(1, units) : 0;
  return summarized(sum, squares, maxAbs, zeros, n, dead, saturation(a, units, rows, kind));
}

/** Units that no row activates (max over the rows ≤ 0). */
function deadUnits(a: Float32Array, units: number, rows: number): number {
  // Column maxima in one row-major pass (reading a column at a time strides through memory).
  const max = new Float32Array(units).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    const base = r * units;
    for (let u = 0; u < units; u++) {
      const v = a[base + u];
      max[u] = v > max[u] ? v : max[u];
    }
  }
  let dead = 0;
  for (let u = 0; u < units; u++) dead += max[u] <= 0 ? 1 : 0;
  return dead;
}

/** Values below `low` or above `high`. */
function countOutside(a: Float32Array, low: number, high: number): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    count += (v < low ? 1 : 0) + (v > high ? 1 : 0);
  }
  return count;
}

/** Rows whose largest value exceeds `threshold` (a confident softmax). */
function rowsWithMaxAbove(a: Float32Array, units: number, rows: number, threshold: number): number {
  let count = 0;
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    const base = r * units;
    for (let u = 0; u < units; u++) max = a[base + u] > max ? a[base + u] : max;
    count += max > threshold ? 1 : 0;
  }
  return count;
}
