// Static rule: a class with (almost) no validation samples, so its validation metrics mean nothing.
import type { Rule } from '../types';

export interface TooFewPerClassOptions {
  /** Fires when a class present in training has fewer validation samples than this. */
  minPerClass: number;
}

const FIXES = [
  'Use a larger validation split (validationSplit 0.2–0.3) so every class has several validation samples',
  'Split per class (stratified): take the same fraction of each class for validation',
  'Collect more samples of the rare classes; with very little data, use cross-validation instead of a single split',
];

export const rule: Rule<TooFewPerClassOptions> = {
  meta: {
    code: 'too-few-per-class',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'Some class has too few validation samples',
    docs: [
      'The validation split is how you judge the model. When a class has only a handful of validation samples, or none, its validation accuracy and loss are decided by one or two samples: a model that never predicts that class can still look good, and changes between epochs or runs are noise. An absent class is not evaluated at all.',
      'Measured before training by counting the validation split\'s samples per class (from the encoded targets). Fires for classification with a validation split when some class that occurs in the training split has fewer than 5 validation samples (0 included). Below 5, one sample more or less moves that class\'s validation accuracy by more than 20 points. Classes absent from the training split too are left to the label and class-count checks. The evidence gives the validation count of every class.',
      'Most likely fixes: a larger validation split; a stratified split; more data for the rare classes, or cross-validation for small datasets.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { minPerClass: 5 },
  },
  check(trace, o) {
    const { task, classCounts, validationClassCounts: val } = trace.data;
    if (task !== 'classification' || !trace.config.hasValidation || !classCounts || !val) return [];
    const few = val.map((n, cls) => ({ n, cls })).filter((c) => (classCounts[c.cls] ?? 0) > 0 && c.n < o.minPerClass);
    if (few.length === 0) return [];
    const absent = few.filter((c) => c.n === 0);
    const total = val.reduce((a, b) => a + b, 0);
    const list = few.slice(0, 10).map((c) => `class ${c.cls}: ${c.n}`).join(', ') + (few.length > 10 ? ', …' : '');
    return [{
      code: 'too-few-per-class',
      severity: 'warning',
      message: `${few.length} class${few.length === 1 ? ' has' : 'es have'} fewer than ${o.minPerClass} validation samples (${list}; ${total} validation samples in all)${absent.length ? `, ${absent.length} ${absent.length === 1 ? 'is' : 'are'} absent from validation` : ''}. Validation metrics for ${few.length === 1 ? 'that class' : 'those classes'} are noise.`,
      target: { kind: 'config', key: 'data' },
      evidence: { classesBelow: few.length, absentClasses: absent.length, validationCounts: val.join(','), trainCounts: classCounts.join(','), validationSamples: total, threshold: o.minPerClass },
      fixes: FIXES,
    }];
  },
};
