// What the probes record about a layer or a variable, as streamed in probe events and plotted by the dashboard.

export interface TraceVariable {
  /** The tfjs variable name, e.g. 'dense_Dense1/kernel'. */
  name: string;
  layer: string;
  /** 'kernel', 'bias', 'gamma', ... */
  role: string;
  size: number;
  trainable: boolean;
}

export interface Histogram {
  /** Bin edges: bins.length + 1 values. */
  edges: number[];
  counts: number[];
}

/** A layer's output on the fixed probe batch. */
export interface LayerActivationStats {
  layer: string;
  mean: number;
  std: number;
  /** Root mean square of the output (its magnitude). */
  rms: number;
  maxAbs: number;
  /** Fraction of exact zeros in the output. */
  zeroFraction: number;
  /** ReLU family: fraction of units whose output is ≤ 0 for every sample of the probe batch. */
  deadFraction?: number;
  /** sigmoid/tanh/softmax: fraction of outputs saturated (within 0.01 of the asymptotes; softmax max > 0.999). */
  saturatedFraction?: number;
  histogram?: Histogram;
}
