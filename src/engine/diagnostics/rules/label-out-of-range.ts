// Static rule: labels the output layer cannot represent (class index ≥ units, binary targets outside [0, 1], negatives).
import type { Finding, Rule, TrainingTrace } from '../types';
import { fmt } from './curveStats';
import { outputLayerOf } from './loss-activation-mismatch';

/** No options: the rule checks fixed facts of the losses and outputs. */
export type LabelRangeOptions = Record<string, never>;

interface Problem {
  message: string;
  fixes: string[];
  evidence: Record<string, number | string>;
}

function indexProblem(trace: TrainingTrace, units: number | undefined): Problem | undefined {
  const { labelMin, labelMax, numClasses } = trace.data;
  if (labelMin !== undefined && labelMin < 0) {
    return {
      message: `Class labels go down to ${fmt(labelMin)}; class indices must be 0, 1, …, classes − 1`,
      fixes: ['Map the labels to 0 … classes − 1 (e.g. subtract the smallest label)', 'Check that missing values were not encoded as −1'],
      evidence: { labelMin },
    };
  }
  if (units === undefined) return undefined;
  const highest = labelMax ?? (numClasses !== undefined ? numClasses - 1 : undefined);
  if (highest === undefined || highest < units) return undefined;
  return {
    message: `The largest class label is ${fmt(highest)} but the output layer has ${units} unit${units === 1 ? '' : 's'} (classes 0 … ${units - 1}): labels ≥ ${units} have no output to score them`,
    fixes: [`Give the output layer ${Math.round(highest) + 1} units (one per class)`, 'Map the labels to 0 … classes − 1 if they start at 1 or skip values'],
    evidence: { labelMax: highest, outputUnits: units },
  };
}

function binaryProblem(trace: TrainingTrace): Problem | undefined {
  const { labelMin, labelMax } = trace.data;
  const low = labelMin !== undefined && labelMin < 0;
  const high = labelMax !== undefined && labelMax > 1;
  if (!low && !high) return undefined;
  return {
    message: `Binary targets range over [${fmt(labelMin ?? 0)}, ${fmt(labelMax ?? 1)}], but a sigmoid output and binary cross-entropy need targets in [0, 1]`,
    fixes: ['Map the two classes to 0 and 1 (e.g. −1/1 → 0/1, 1/2 → 0/1)', 'For more than two classes, use softmax with sparseCategoricalCrossentropy'],
    evidence: { labelMin: labelMin ?? 0, labelMax: labelMax ?? 1 },
  };
}

export const rule: Rule<LabelRangeOptions> = {
  meta: {
    code: 'label-out-of-range',
    defaultSeverity: 'error',
    phase: 'static',
    title: 'Labels that the output layer cannot represent',
    docs: [
      'Each output unit scores one class (or, for a sigmoid, the probability of class 1). A label with no unit to score it, or a binary label outside [0, 1], makes the loss meaningless: training runs, but the model is pushed towards something it cannot express, or the loss fails outright.',
      [
        'Fires before training when:',
        '- class-index or one-hot targets: a negative label, or a largest label ≥ the number of output units (e.g. labels 1 … 10 with 10 units);',
        '- binary (0/1) targets: labels below 0 or above 1 (e.g. −1/1 or 1/2 coding).',
      ].join('\n'),
      'The output units are the size of the bias of the last layer that has variables (an Activation or Dropout layer after it is skipped); when that layer has no bias the unit check is skipped. Without labelMax the largest label is taken as numClasses − 1.',
      'Most likely fixes: one output unit per class; map the labels to 0 … classes − 1; map binary labels to 0/1.',
    ].join('\n\n'),
    fixes: ['Give the output layer one unit per class', 'Map labels to 0 … classes − 1', 'Map binary labels to 0/1'],
    defaultOptions: {},
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace) {
    // Not `task`: binaryCrossentropy on ±1 labels has task 'regression' in the facts but layout 'binary'.
    if (trace.data.targetLayout === 'regression') return [];
    const out = outputLayerOf(trace);
    if (!out) return [];
    const layout = trace.data.targetLayout;
    // One-hot targets carry the class index range in labelMin/labelMax too (the engine one-hot encodes indices).
    const problem = layout === 'binary' ? binaryProblem(trace)
      : layout === 'index' || layout === 'one-hot' ? indexProblem(trace, out.units)
      : undefined;
    if (!problem) return [];
    const finding: Finding = {
      code: 'label-out-of-range',
      severity: 'error',
      message: `${problem.message}.`,
      target: { kind: 'layer', layer: out.layer.name },
      layer: out.layer.name,
      evidence: { targetLayout: layout, ...problem.evidence },
      fixes: problem.fixes,
    };
    return [finding];
  },
};
