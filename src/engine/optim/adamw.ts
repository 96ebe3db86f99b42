// AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization"): Adam plus w ← w − lr·λ·w
// applied to the weights directly, not through the gradient (so Adam's scaling does not weaken it).
// tfjs has no AdamW. As in PyTorch, the decay is applied before the Adam update of the same step.
import * as tf from '@tensorflow/tfjs';

export interface AdamWOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** λ, default 0.01 (PyTorch's default). */
  weightDecay?: number;
  /** Also decay 1-D variables (biases, BatchNorm γ/β). Default false, the common practice. */
  decayBiases?: boolean;
}

export class AdamWOptimizer extends tf.AdamOptimizer {
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

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((g) => g.name) : Object.keys(variableGradients);
    const shrink = 1 - this.learningRate * this.weightDecay;
    if (this.weightDecay !== 0) {
      tf.tidy(() => {
        for (const name of names) {
          const variable = tf.engine().registeredVariables[name];
          if (!variable || !variable.trainable) continue;
          if (variable.rank <= 1 && !this.decayBiases) continue;
          variable.assign(tf.mul(variable, shrink));
        }
      });
    }
    super.applyGradients(variableGradients);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), weightDecay: this.weightDecay, decayBiases: this.decayBiases };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new (cls as unknown as new (o: AdamWOptions) => T)({
      learningRate: config.learningRate as number,
      beta1: config.beta1 as number,
      beta2: config.beta2 as number,
      epsilon: config.epsilon as number,
      weightDecay: config.weightDecay as number,
      decayBiases: config.decayBiases as boolean,
    });
  }
}

tf.serialization.registerClass(AdamWOptimizer);
