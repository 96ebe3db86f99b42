// Which metric a callback watches, and which direction is better (Keras' 'auto' mode).
import { isHigherBetter } from '../../../protocol/metrics';

export interface Monitor {
  name: string;
  /** True when larger values are better (accuracy). */
  maximize: boolean;
}

export function resolveMonitor(requested: string | undefined, hasValidation: boolean): Monitor {
  let name = requested ?? 'val_loss';
  // Without a validation split there is no val_*: watch the training value instead.
  if (!hasValidation && name.startsWith('val_')) name = name.slice('val_'.length);
  return { name, maximize: isHigherBetter(name) };
}

export function improved(monitor: Monitor, value: number, best: number | undefined, minDelta: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (best === undefined) return true;
  return monitor.maximize ? value > best + minDelta : value < best - minDelta;
}

/**
 * The monitored metric's best value so far and the epochs since it last improved by more than `minDelta`: the
 * state early stopping, reduce-on-plateau and the loop's best-model tracking each keep.
 */
export class ImprovementWatch {
  private bestValue: number | undefined;
  private bestAt = 0;
  /** Epochs in a row without an improvement. */
  wait = 0;

  constructor(readonly monitor: Monitor, private readonly minDelta: number) {}

  get best(): number | undefined {
    return this.bestValue;
  }

  get bestEpoch(): number {
    return this.bestAt;
  }

  /** Feeds one epoch's value of the metric; true when it improved (then it is the new best). */
  observe(epoch: number, value: number): boolean {
    const better = improved(this.monitor, value, this.bestValue, this.minDelta);
    if (better) {
      this.bestValue = value;
      this.bestAt = epoch;
      this.wait = 0;
    } else {
      this.wait++;
    }
    return better;
  }
}
