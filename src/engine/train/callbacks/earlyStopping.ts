// Early stopping, as Keras' EarlyStopping: stop after `patience` epochs without an improvement of at least
// `minDelta` on the monitored metric. A pure state machine: the loop feeds it each epoch's metrics.
import type { EarlyStoppingOptions } from '../../../sdk/types';
import { ImprovementWatch, resolveMonitor } from './monitor';
import type { EpochCallback, EpochDecision } from './types';

export interface CallbackContext {
  hasValidation: boolean;
  /** Names of the epoch's metrics ('loss', 'val_loss', 'accuracy', ...); when given, a bad monitor fails at once. */
  metricNames?: string[];
}

export interface EarlyStoppingUpdate {
  stop: boolean;
  improved: boolean;
  bestEpoch: number;
  bestValue: number | undefined;
}

export class EarlyStopping implements EpochCallback {
  /** The metric actually watched ('val_loss' becomes 'loss' without a validation set). */
  readonly monitor: string;
  /** 'max' for accuracy-like metrics, 'min' for losses and errors. */
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  private readonly watch: ImprovementWatch;

  /** `true` means all defaults. Throws on bad options. */
  constructor(options: EarlyStoppingOptions | true, context: CallbackContext) {
    const o = checkOptions(options, 'earlyStopping');
    this.patience = wholeNumber(o.patience ?? 10, 'earlyStopping.patience');
    this.minDelta = Math.abs(finiteNumber(o.minDelta ?? 0, 'earlyStopping.minDelta'));
    if (o.restoreBest !== undefined && typeof o.restoreBest !== 'boolean') throw new Error(`earlyStopping.restoreBest must be true or false, got ${JSON.stringify(o.restoreBest)}`);
    this.restoreBest = o.restoreBest ?? false;
    const target = resolveMonitor(o.monitor, context.hasValidation);
    this.watch = new ImprovementWatch(target, this.minDelta);
    this.monitor = target.name;
    this.mode = target.maximize ? 'max' : 'min';
    checkMonitorExists(this.monitor, context.metricNames, 'earlyStopping');
  }

  onEpochEnd(epoch: number, metrics: Record<string, number>): EpochDecision {
    const update = this.update(epoch, metrics);
    return update.stop ? { stop: true, log: `Early stopping after epoch ${epoch + 1}: no improvement since epoch ${update.bestEpoch + 1}` } : {};
  }

  /** Call once per epoch, in order. */
  update(epoch: number, metrics: Record<string, number>): EarlyStoppingUpdate {
    const better = this.watch.observe(epoch, monitoredValue(metrics, this.monitor, 'earlyStopping'));
    return { stop: !better && this.watch.wait >= this.patience, improved: better, bestEpoch: this.watch.bestEpoch, bestValue: this.watch.best };
  }
}

// Option checks shared with ReduceLROnPlateau.

export function checkOptions<T extends object>(options: T | true, what: string): Partial<T> {
  if (options === true) return {};
  if (typeof options !== 'object' || options === null) throw new Error(`${what} must be true or an options object, got ${JSON.stringify(options)}`);
  const monitor = (options as { monitor?: unknown }).monitor;
  if (monitor !== undefined && (typeof monitor !== 'string' || monitor === '')) throw new Error(`${what}.monitor must be a metric name such as 'val_loss', got ${JSON.stringify(monitor)}`);
  return options;
}

export function finiteNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${what} must be a number, got ${show(value)}`);
  return value;
}

export function wholeNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error(`${what} must be a whole number ≥ 0, got ${show(value)}`);
  return value;
}

function show(value: unknown): string {
  return typeof value === 'number' || value === undefined ? String(value) : JSON.stringify(value);
}

/** The epoch's value of the watched metric (a clear error when the experiment does not compute it). */
export function monitoredValue(metrics: Record<string, number>, monitor: string, what: string): number {
  const value = metrics[monitor];
  if (value === undefined) throw new Error(`${what} watches '${monitor}', which is not among the metrics: ${Object.keys(metrics).join(', ')}`);
  return value;
}

export function checkMonitorExists(monitor: string, metricNames: string[] | undefined, what: string): void {
  if (metricNames && !metricNames.includes(monitor)) {
    throw new Error(`${what} watches '${monitor}', which this experiment does not compute. Use one of: ${metricNames.join(', ')}`);
  }
}
