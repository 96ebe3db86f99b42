// Reduce the learning rate when a metric stops improving, as Keras' ReduceLROnPlateau.
import type { ReduceLROnPlateauOptions } from '../../sdk/types';
import { improved, resolveMonitor, type Monitor } from './monitor';

export class ReduceLROnPlateau {
  readonly monitor: string;
  private readonly target: Monitor;
  private readonly factor: number;
  private readonly patience: number;
  private readonly minDelta: number;
  private readonly cooldown: number;
  private readonly minLearningRate: number;
  private best: number | undefined;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(options: ReduceLROnPlateauOptions | true, context: { hasValidation: boolean }) {
    const o = options === true ? {} : options;
    this.factor = o.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) throw new Error(`reduceLROnPlateau.factor must be between 0 and 1, got ${o.factor}`);
    this.patience = o.patience ?? 10;
    this.minDelta = Math.abs(o.minDelta ?? 1e-4);
    this.cooldown = o.cooldown ?? 0;
    this.minLearningRate = o.minLearningRate ?? 0;
    this.target = resolveMonitor(o.monitor, context.hasValidation);
    this.monitor = this.target.name;
  }

  update(_epoch: number, metrics: Record<string, number>, currentLr: number): { newLr?: number } {
    const value = metrics[this.monitor];
    if (value === undefined) throw new Error(`reduceLROnPlateau watches '${this.monitor}', which is not among the metrics: ${Object.keys(metrics).join(', ')}`);
    if (this.cooldownLeft > 0) this.cooldownLeft--;
    if (improved(this.target, value, this.best, this.minDelta)) {
      this.best = value;
      this.wait = 0;
      return {};
    }
    if (this.cooldownLeft > 0) return {};
    this.wait++;
    if (this.wait < this.patience) return {};
    this.wait = 0;
    const newLr = Math.max(currentLr * this.factor, this.minLearningRate);
    if (newLr >= currentLr) return {};
    this.cooldownLeft = this.cooldown;
    return { newLr };
  }
}
