// Optimizer names and default learning rates, free of tfjs so editor-side code (quick fixes) can use them.
import type { OptimizerName } from '../../sdk/types';

export const OPTIMIZER_NAMES: OptimizerName[] = ['sgd', 'momentum', 'adagrad', 'adadelta', 'rmsprop', 'adam', 'adamax', 'adamw'];

/**
 * Keras' defaults. adadelta keeps Keras' (and tfjs') 0.001, not the paper's 1.0: tfjs' Adadelta divides by the
 * gradient accumulator before updating it, so its first step is exactly lr·g and it then behaves like plain SGD
 * at that rate; with 1.0 it oscillates or diverges.
 */
export const DEFAULT_LEARNING_RATE: Record<OptimizerName, number> = {
  sgd: 0.01, momentum: 0.01, adagrad: 0.001, adadelta: 0.001, rmsprop: 0.001, adam: 0.001, adamax: 0.001, adamw: 0.001,
};
