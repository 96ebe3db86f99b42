// Static rule: one class has more than 10× the samples of another.
import type { Rule } from '../types';
import { fmt } from './curveStats';

export interface ClassImbalanceOptions {
  /** Fires when largest / smallest (non-empty) class count exceeds this. */
  maxRatio: number;
}

const FIXES = [
  'Weight the loss by class (a weight ∝ 1 / class count per sample) so rare classes count as much as common ones',
  'Resample: oversample the rare classes or undersample the common ones in the training split',
  'Judge the model by per-class metrics (recall per class, F1, a confusion matrix), not overall accuracy',
];

export const rule: Rule<ClassImbalanceOptions> = {
  meta: {
    code: 'class-imbalance',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'The classes are strongly imbalanced',
    docs: [
      'When one class is much more frequent, the model can reach a high accuracy by (almost) always predicting it, and the gradient of the rare classes is drowned out: the rare classes are learned late or never, and accuracy hides it.',
      'Fires before training for classification when the largest class has more than 10 × the training samples of the smallest non-empty class.',
      'Most likely fixes: class weights; resampling; per-class metrics such as recall and F1 instead of accuracy.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { maxRatio: 10 },
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace, o) {
    const counts = trace.data.classCounts;
    if (trace.data.task !== 'classification' || !counts) return [];
    const present = counts.map((n, cls) => ({ n, cls })).filter((c) => c.n > 0);
    if (present.length < 2) return [];
    const largest = present.reduce((a, b) => (b.n > a.n ? b : a));
    const smallest = present.reduce((a, b) => (b.n < a.n ? b : a));
    const ratio = largest.n / smallest.n;
    if (ratio <= o.maxRatio) return [];
    return [{
      code: 'class-imbalance',
      severity: 'warning',
      message: `The classes are imbalanced ${fmt(ratio)}:1: class ${largest.cls} has ${largest.n} training samples, class ${smallest.cls} only ${smallest.n} (counts per class: ${counts.join(', ')}). Accuracy will look good while the rare classes are ignored.`,
      target: { kind: 'config', key: 'data' },
      evidence: { ratio: Number(ratio.toPrecision(4)), largestClass: largest.cls, largestCount: largest.n, smallestClass: smallest.cls, smallestCount: smallest.n, counts: counts.join(','), threshold: o.maxRatio },
      fixes: FIXES,
    }];
  },
};
