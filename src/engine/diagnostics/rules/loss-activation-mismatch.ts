// Static rule: the loss does not fit the output layer's activation (the classic "missing softmax" bug).
import type { ActivationKind, Finding, Rule, Severity, TraceLayer, TrainingTrace } from '../types';

/** No options: the rule checks fixed facts of the losses and outputs. */
export type LossActivationOptions = Record<string, never>;

/** Layers that pass their input through unchanged in shape and range; the output activation is before them. */
const PASS_THROUGH = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'Flatten', 'Reshape', 'ActivityRegularization']);

export interface OutputLayer {
  layer: TraceLayer;
  activationKind: ActivationKind;
  /** Output units, from the size of the last bias (or BatchNorm beta/gamma) before the output; undefined if unknown. */
  units?: number;
}

/**
 * The layer that sets the model's output activation (the last layer, skipping Dropout/Flatten/…), and the
 * number of output units: the size of the bias of the last layer that has one (an Activation or Softmax layer
 * has no variables, so we walk back to the Dense/Conv layer before it). A layer with a kernel but no bias
 * (useBias: false) leaves the units unknown, as its kernel size alone does not give them.
 */
export function outputLayerOf(trace: TrainingTrace): OutputLayer | undefined {
  const layers = [...trace.layers].sort((a, b) => a.index - b.index);
  let i = layers.length - 1;
  while (i > 0 && PASS_THROUGH.has(layers[i].className)) i--;
  const layer = layers[i];
  if (!layer) return undefined;
  let units: number | undefined;
  for (let j = layers.length - 1; j >= 0; j--) {
    const vars = trace.variables.filter((v) => v.layer === layers[j].name);
    if (vars.length === 0) continue;
    const bias = vars.find((v) => v.role === 'bias' || v.role === 'beta' || v.role === 'gamma');
    units = bias?.size;
    break;
  }
  return { layer, activationKind: layer.activationKind, units };
}

const CATEGORICAL = new Set(['categoricalcrossentropy', 'sparsecategoricalcrossentropy']);
const BINARY = new Set(['binarycrossentropy']);
const REGRESSION = new Set(['meansquarederror', 'mse', 'meanabsoluteerror', 'mae', 'huber', 'huberloss', 'logcosh', 'meansquaredlogarithmicerror']);

interface Mismatch {
  severity: Severity;
  /** What to change: the output layer (default) or the loss. */
  target?: 'loss';
  problem: string;
  fixes: string[];
}

function categoricalMismatch(kind: ActivationKind, units: number | undefined, loss: string): Mismatch | undefined {
  if (units === 1) {
    return {
      severity: 'error',
      problem: `${loss} over a single output unit: the normalized prediction is always 1, so the loss is 0 and nothing is learned`,
      fixes: ['Give the output layer one unit per class with activation \'softmax\'', 'For two classes, use 1 unit with \'sigmoid\' and loss \'binaryCrossentropy\''],
    };
  }
  if (kind === 'softmax') return undefined;
  const certain = kind === 'linear' || kind === 'relu-family' || kind === 'tanh';
  const why = kind === 'linear' || kind === 'tanh'
    ? 'its outputs can be negative, which are not probabilities (they are clipped, so their gradient is lost)'
    : kind === 'relu-family' ? 'ReLU outputs are often exactly 0, and log(0) is clipped, so those units get no gradient'
    : 'its outputs are not a probability distribution over the classes';
  return {
    severity: certain ? 'error' : 'warning',
    problem: `${loss} expects class probabilities, but the output activation is '${kind}': ${why}`,
    fixes: ['Set the output layer\'s activation to \'softmax\'', 'Check that the output has one unit per class'],
  };
}

function binaryMismatch(kind: ActivationKind, units: number | undefined, trace: TrainingTrace): Mismatch | undefined {
  if (kind === 'sigmoid') return undefined;
  if (kind === 'softmax') {
    if (units === 1) return { severity: 'error', problem: 'binaryCrossentropy with a softmax over 1 unit: softmax of one value is always 1, so the model predicts class 1 for everything', fixes: ['Use activation \'sigmoid\' on the single output unit'] };
    // Labels of more than two classes agree with the softmax: the loss is the part to change.
    const multiClass = trace.data.task === 'classification' && (trace.data.numClasses ?? 0) > 2;
    return {
      severity: 'warning',
      ...(multiClass ? { target: 'loss' as const } : {}),
      problem: `binaryCrossentropy with a softmax over ${units ?? 'several'} units: binary cross-entropy treats each unit as an independent yes/no, softmax makes them compete${multiClass ? `; the labels have ${trace.data.numClasses} classes, which is what the softmax is for` : ''}`,
      fixes: multiClass
        ? [`Use loss '${trace.data.targetLayout === 'index' ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy'}' with the softmax`, 'For a yes/no target use 1 unit with \'sigmoid\'']
        : ['For one-hot classes use loss \'categoricalCrossentropy\' with softmax', 'For a yes/no target use 1 unit with \'sigmoid\''],
    };
  }
  const certain = kind === 'linear' || kind === 'relu-family' || kind === 'tanh';
  // Regression targets outside [0, 1] (the data read as regression) agree with an unbounded output: the loss is the part to change.
  const d = trace.data;
  const regressionTargets = d.targetMean !== undefined && d.labelMin !== undefined && d.labelMax !== undefined && (d.labelMin < 0 || d.labelMax > 1);
  if (regressionTargets) {
    return {
      severity: 'error',
      target: 'loss',
      problem: `binaryCrossentropy on regression targets (from ${d.labelMin} to ${d.labelMax}): it reads each target as the probability of a yes, which only values in [0, 1] are; with a '${kind}' output the predictions are clipped into (0, 1) too`,
      fixes: ['Use a regression loss (meanSquaredError, meanAbsoluteError or huber) with the linear output', 'If the target is a yes/no, give it as 0/1 labels and use a sigmoid output'],
    };
  }
  return {
    severity: certain ? 'error' : 'warning',
    problem: `binaryCrossentropy expects a probability in [0, 1], but the output activation is '${kind}'${certain ? ', whose outputs leave [0, 1] and are clipped, losing their gradient' : ''}`,
    fixes: ['Set the output layer\'s activation to \'sigmoid\''],
  };
}

function regressionMismatch(kind: ActivationKind, loss: string, trace: TrainingTrace): Mismatch | undefined {
  const d = trace.data;
  if (d.task !== 'regression' && d.targetLayout !== 'regression') return undefined;
  if (kind === 'softmax') {
    return { severity: 'error', problem: `${loss} on a regression target, but the output is a softmax: its outputs are forced to sum to 1, so it cannot fit the target values`, fixes: ['Use activation \'linear\' (the default) on the output layer'] };
  }
  if (kind !== 'sigmoid') return undefined;
  const hasRange = d.labelMin !== undefined && d.labelMax !== undefined;
  if (hasRange && d.labelMin! >= 0 && d.labelMax! <= 1) return undefined; // a [0, 1] target suits a sigmoid
  const outside = hasRange || (d.targetMean !== undefined && (d.targetMean < 0 || d.targetMean > 1));
  return {
    severity: outside ? 'error' : 'warning',
    problem: `${loss} on a regression target, but the output is a sigmoid, which can only produce values in (0, 1)${d.targetMean !== undefined ? ` (target mean ${d.targetMean.toPrecision(3)})` : ''}`,
    fixes: ['Use activation \'linear\' (the default) on the output layer', 'If the target is a fraction in [0, 1], keep the sigmoid and scale the target into that range'],
  };
}

/**
 * A regression loss on class targets (one-hot or 0/1 labels) through a softmax or sigmoid: it trains, but its
 * gradient through the squashing output is bounded and vanishes exactly when a prediction is confidently wrong
 * (cross-entropy's grows), so learning is slow and stalls. The fix is the loss, so the finding points at it.
 */
function classTargetsMismatch(kind: ActivationKind, loss: string, trace: TrainingTrace): Mismatch | undefined {
  const d = trace.data;
  if (d.task !== 'classification' || d.targetLayout === 'regression') return undefined;
  if (kind !== 'softmax' && kind !== 'sigmoid') return undefined;
  // Index labels reach a softmax only through a sparse loss; through a sigmoid they are the 0/1 labels of two classes.
  if (d.targetLayout === 'index' && (kind !== 'sigmoid' || (d.labelMax ?? 2) > 1)) return undefined;
  const proper = kind === 'softmax' ? 'categoricalCrossentropy' : 'binaryCrossentropy';
  return {
    severity: 'warning',
    target: 'loss',
    problem: `${loss} on class labels through a ${kind}: its gradient through the ${kind} vanishes when a prediction is confidently wrong (cross-entropy's does not), so training is slow and stalls short of what the model can do`,
    fixes: [`Use loss '${proper}' with the ${kind} output`, ...(kind === 'softmax' ? ['With integer class labels, \'sparseCategoricalCrossentropy\''] : [])],
  };
}

export const rule: Rule<LossActivationOptions> = {
  meta: {
    code: 'loss-activation-mismatch',
    defaultSeverity: 'error',
    phase: 'static',
    title: 'The loss does not match the output layer\'s activation',
    docs: [
      'Each loss expects a certain kind of output: cross-entropies compare predicted probabilities with the labels, so the outputs must be probabilities (softmax over the classes, or a sigmoid for a yes/no output); a regression loss compares raw values, so the output must be able to reach them. Model Lab\'s losses take probabilities (there is no fromLogits option), so a missing softmax or sigmoid is a real bug, not a style issue: the loss clips the invalid outputs and their gradient is lost.',
      [
        'Fires before training when:',
        '- categoricalCrossentropy / sparseCategoricalCrossentropy and the output activation is not softmax (error for linear, ReLU or tanh outputs, whose negative or zero values are clipped inside the log; warning for other activations such as sigmoid), or the output has a single unit (error: the normalized prediction is always 1, the loss is always 0);',
        '- binaryCrossentropy and the output is not a sigmoid (error for linear, ReLU, tanh or a 1-unit softmax; warning for a softmax over several units, on the loss\'s line when the labels have more than two classes, which is what the softmax is for; on the loss\'s line too when the targets are regression values outside [0, 1]);',
        '- meanSquaredError / meanAbsoluteError / huber on a regression target with a softmax output (error) or a sigmoid output (error when the targets lie outside [0, 1], warning when their range is unknown; no finding when the targets are within [0, 1]);',
        '- a regression loss (meanSquaredError, meanAbsoluteError, huber…) on class labels (one-hot or 0/1 targets) through a softmax or sigmoid output (warning, on the loss\'s line: it trains, but its gradient through the squashing output vanishes when a prediction is confidently wrong, so learning is slow and stalls; cross-entropy is the loss for class probabilities).',
      ].join('\n'),
      'The output activation is that of the last layer, skipping Dropout/Flatten/Reshape; the unit count is the size of the last bias (or BatchNorm beta/gamma). The finding\'s severity is error where the pairing cannot work and warning where it trains but is unusual.',
      'Most likely fixes: softmax with (sparse) categorical cross-entropy; sigmoid with binary cross-entropy; a linear output with MSE/MAE/huber.',
    ].join('\n\n'),
    fixes: ['Use softmax with (sparse) categorical cross-entropy', 'Use sigmoid with binary cross-entropy', 'Use a linear output with MSE/MAE/huber on regression targets'],
    defaultOptions: {},
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace) {
    const out = outputLayerOf(trace);
    if (!out) return [];
    const loss = trace.config.lossName;
    const key = loss.toLowerCase().replace(/[_\s-]/g, '');
    const mismatch = CATEGORICAL.has(key) ? categoricalMismatch(out.activationKind, out.units, loss)
      : BINARY.has(key) ? binaryMismatch(out.activationKind, out.units, trace)
      : REGRESSION.has(key) ? regressionMismatch(out.activationKind, loss, trace) ?? classTargetsMismatch(out.activationKind, loss, trace)
      : undefined;
    if (!mismatch) return [];
    if (mismatch.target === 'loss') {
      return [{
        code: 'loss-activation-mismatch', severity: mismatch.severity, message: `Loss '${loss}': ${mismatch.problem}.`, target: { kind: 'config', key: 'loss' },
        evidence: { loss, outputLayer: out.layer.name, outputActivation: out.layer.activation ?? out.activationKind, activationKind: out.activationKind, targetLayout: trace.data.targetLayout },
        fixes: mismatch.fixes,
      }];
    }
    const finding: Finding = {
      code: 'loss-activation-mismatch',
      severity: mismatch.severity,
      message: `Output layer '${out.layer.name}': ${mismatch.problem}.`,
      target: { kind: 'layer', layer: out.layer.name },
      layer: out.layer.name,
      evidence: { loss, outputActivation: out.layer.activation ?? out.activationKind, activationKind: out.activationKind, ...(out.units !== undefined ? { outputUnits: out.units } : {}) },
      fixes: mismatch.fixes,
    };
    return [finding];
  },
};
