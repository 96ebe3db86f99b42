// Early stopping, as Keras' EarlyStopping: stop after `patience` epochs without improvement.
import type { EarlyStoppingOptions } from '../../sdk/types';
import { improved, resolveMonitor, type Monitor } from './monitor';

export class EarlyStopping {
  readonly monitor: string;
  readonly restoreBest: boolean;
  private readonly target: Monitor;
  private readonly patience: number;
  private readonly minDelta: number;
  private best: number | undefined;
  private bestEpoch = 0;
  private wait = 0;

  constructor(options: EarlyStoppingOptions | true, context: { hasValidation: boolean }) {
    const o = options === true ? {} : options;
    this.patience = o.patience ?? 10;
    this.minDelta = Math.abs(o.minDelta ?? 0);
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new Error(`earlyStopping.patience must be a whole number ≥ 0, got ${o.patience}`);
    this.target = resolveMonitor(o.monitor, context.hasValidation);
    this.monitor = this.target.name;
    this.restoreBest = o.restoreBest ?? false;
  }

  update(epoch: number, metrics: Record<string, number>): { stop: boolean; improved: boolean; bestEpoch: number; bestValue: number | undefined } {
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
