// Early stopping, as Keras' EarlyStopping: stop after `patience` epochs without an improvement of at least
// `minDelta` on the monitored metric. A pure state machine: the loop feeds it each epoch's metrics.
import type { EarlyStoppingOptions } from '../../sdk/types';
import { improved, resolveMonitor, type Monitor } from './monitor';

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

export class EarlyStopping {
  /** The metric actually watched ('val_loss' becomes 'loss' without a validation set). */
  readonly monitor: string;
  /** 'max' for accuracy-like metrics, 'min' for losses and errors. */
  readonly mode: 'min' | 'max';
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  private readonly target: Monitor;
  private best: number | undefined;
  private bestEpoch = 0;
  private wait = 0;

  /** `true` means all defaults. Throws on bad options. */
  constructor(options: EarlyStoppingOptions | true, context: CallbackContext) {
    const o = checkOptions(options, 'earlyStopping');
    this.patience = wholeNumber(o.patience ?? 10, 'earlyStopping.patience');
    this.minDelta = Math.abs(finiteNumber(o.minDelta ?? 0, 'earlyStopping.minDelta'));
    if (o.restoreBest !== undefined && typeof o.restoreBest !== 'boolean') throw new Error(`earlyStopping.restoreBest must be true or false, got ${JSON.stringify(o.restoreBest)}`);
    this.restoreBest = o.restoreBest ?? false;
    this.target = resolveMonitor(o.monitor, context.hasValidation);
    this.monitor = this.target.name;
    this.mode = this.target.maximize ? 'max' : 'min';
    checkMonitorExists(this.monitor, context.metricNames, 'earlyStopping');
  }

  /** Call once per epoch, in order. */
  update(epoch: number, metrics: Record<string, number>): EarlyStoppingUpdate {
    const value = metrics[this.monitor];
    if (value === undefined) throw new Error(`earlyStopping watches '${this.monitor}', which is not among the metrics: ${Object.keys(metrics).join(', ')}`);
    const better = improved(this.target, value, this.best, this.minDelta);
    if (better) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return { stop: !better && this.wait >= this.patience, improved: better, bestEpoch: this.bestEpoch, bestValue: this.best };
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

export function checkMonitorExists(monitor: string, metricNames: string[] | undefined, what: string): void {
  if (metricNames && !metricNames.includes(monitor)) {
    throw new Error(`${what} watches '${monitor}', which this experiment does not compute. Use one of: ${metricNames.join(', ')}`);
  }
}
