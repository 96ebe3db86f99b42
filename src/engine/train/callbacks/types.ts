// The interface the training loop's epoch callbacks implement (Keras' Callback.on_epoch_end, as a pure state
// machine): the loop hands each the epoch's metrics and applies what it answers, in order.
import type { Metrics } from '../../../protocol/events';

export interface EpochCallbackContext {
  /** The learning rate the epoch ran at. */
  learningRate: number;
}

export interface EpochDecision {
  /** Go on at this learning rate from the next step. */
  learningRate?: number;
  /** Stop training after this epoch. */
  stop?: boolean;
  /** What to tell the run's log about the decision. */
  log?: string;
}

export interface EpochCallback {
  /** Called once per epoch, in order, after its metrics (validation included) are known. */
  onEpochEnd(epoch: number, metrics: Metrics, context: EpochCallbackContext): EpochDecision;
}
