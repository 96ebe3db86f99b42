// AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization"): Adam plus w ← w − lr·λ·w applied
// to the weights directly, not through the gradient (so Adam's per-weight scaling does not weaken it).
// tfjs has no AdamW. As in PyTorch and Keras, the decay is applied before the Adam update of the same step,
// and uses the current learning rate (so schedules and ReduceLROnPlateau scale it too).
import * as tf from '@tensorflow/tfjs';
import { registeredVariable } from '../backend/tfjsInternals';

export interface AdamWOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  /** Default 1e-7, Keras' epsilon. */
  epsilon?: number;
  /** λ, default 0.01 (PyTorch's and Keras' default). */
  weightDecay?: number;
  /**
   * Also decay 1-D (and scalar) variables: biases, BatchNorm γ/β. Default false, the common practice
   * (decaying them pulls BatchNorm scales and biases toward 0 with no regularizing benefit).
   */
  decayBiases?: boolean;
}

/** What Optimizer.applyGradients takes (tfjs does not export its NamedTensor type). */
type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];

export class AdamWOptimizer extends tf.AdamOptimizer {
  /** Keras' class name, so a saved config round-trips through tf.serialization. */
  static override get className(): string {
    return 'AdamW';
  }
  readonly weightDecay: number;
  readonly decayBiases: boolean;

  constructor(options: AdamWOptions) {
    super(options.learningRate, options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-7);
    this.weightDecay = options.weightDecay ?? 0.01;
    this.decayBiases = options.decayBiases ?? false;
  }

  override applyGradients(variableGradients: Gradients): void {
    if (this.weightDecay !== 0) this.decayWeights(variableGradients);
    // tfjs' Adam declares a map of Variables but only reads the gradients as tensors.
    super.applyGradients(variableGradients as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
  }

  /** w ← w·(1 − lr·λ) for each variable that has a gradient this step (Adam skips the others too). */
  private decayWeights(variableGradients: Gradients): void {
    const entries: [string, tf.Tensor | undefined][] = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor])
      : Object.entries(variableGradients);
    const shrink = 1 - this.learningRate * this.weightDecay;
    tf.tidy(() => {
      for (const [name, gradient] of entries) {
        if (gradient == null) continue;
        const variable = registeredVariable(name);
        if (!variable || !variable.trainable) continue;
        if (variable.rank <= 1 && !this.decayBiases) continue;
        variable.assign(tf.mul(variable, shrink));
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay, decayBiases: this.decayBiases };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const options: AdamWOptions = {
      learningRate: config.learningRate as number,
      beta1: config.beta1 as number,
      beta2: config.beta2 as number,
      epsilon: config.epsilon as number,
      weightDecay: config.weightDecay as number,
      decayBiases: config.decayBiases as boolean,
    };
    return new (cls as unknown as new (o: AdamWOptions) => T)(options);
  }
}

tf.serialization.registerClass(AdamWOptimizer);
