// Reduce the learning rate when a metric stops improving, as Keras' ReduceLROnPlateau: after `patience` epochs
// without an improvement of at least `minDelta`, multiply by `factor` (not below `minLearningRate`), then wait
// `cooldown` epochs before counting again. A pure state machine: the loop applies the rate it returns.
import type { ReduceLROnPlateauOptions } from '../../../sdk/types';
import { checkMonitorExists, checkOptions, finiteNumber, monitoredValue, wholeNumber, type CallbackContext } from './earlyStopping';
import { ImprovementWatch, resolveMonitor } from './monitor';
import type { EpochCallback, EpochCallbackContext, EpochDecision } from './types';

export class ReduceLROnPlateau implements EpochCallback {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLearningRate: number;
  private readonly watch: ImprovementWatch;
  private cooldownLeft = 0;

  /** `true` means all defaults. Throws on bad options. */
  constructor(options: ReduceLROnPlateauOptions | true, context: CallbackContext) {
    const o = checkOptions(options, 'reduceLROnPlateau');
    this.factor = finiteNumber(o.factor ?? 0.1, 'reduceLROnPlateau.factor');
    if (!(this.factor > 0 && this.factor < 1)) throw new Error(`reduceLROnPlateau.factor must be between 0 and 1 (exclusive), got ${this.factor}`);
    this.patience = wholeNumber(o.patience ?? 10, 'reduceLROnPlateau.patience');
    this.minDelta = Math.abs(finiteNumber(o.minDelta ?? 1e-4, 'reduceLROnPlateau.minDelta'));
    this.cooldown = wholeNumber(o.cooldown ?? 0, 'reduceLROnPlateau.cooldown');
    this.minLearningRate = finiteNumber(o.minLearningRate ?? 0, 'reduceLROnPlateau.minLearningRate');
    if (this.minLearningRate < 0) throw new Error(`reduceLROnPlateau.minLearningRate must be ≥ 0, got ${this.minLearningRate}`);
    const target = resolveMonitor(o.monitor, context.hasValidation);
    this.watch = new ImprovementWatch(target, this.minDelta);
    this.monitor = target.name;
    this.mode = target.maximize ? 'max' : 'min';
    checkMonitorExists(this.monitor, context.metricNames, 'reduceLROnPlateau');
  }

  onEpochEnd(epoch: number, metrics: Record<string, number>, context: EpochCallbackContext): EpochDecision {
    const { newLr } = this.update(epoch, metrics, context.learningRate);
    return newLr === undefined ? {} : { learningRate: newLr, log: `Reduced the learning rate from ${context.learningRate.toPrecision(3)} to ${newLr.toPrecision(3)} (no improvement on the monitored metric)` };
  }

  /** Call once per epoch, in order. `newLr` is present only when the rate should change. */
  update(epoch: number, metrics: Record<string, number>, currentLr: number): { newLr?: number } {
    const value = monitoredValue(metrics, this.monitor, 'reduceLROnPlateau');
    if (this.cooldownLeft > 0) this.cooldownLeft--;
    if (this.watch.observe(epoch, value)) return {};
    // Epochs in cooldown do not count towards the patience.
    if (this.cooldownLeft > 0) {
      this.watch.wait = 0;
      return {};
    }
    if (this.watch.wait < this.patience) return {};
    // An optimizer whose rate is unknown (a user's tf.Optimizer without a learningRate field) is left alone.
    if (!Number.isFinite(currentLr) || currentLr <= this.minLearningRate) return {};
    this.watch.wait = 0;
    this.cooldownLeft = this.cooldown;
    return { newLr: Math.max(currentLr * this.factor, this.minLearningRate) };
  }
}
