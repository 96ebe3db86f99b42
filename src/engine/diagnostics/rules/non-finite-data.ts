// Static rule: NaN or ±Infinity in the data training will see (any split, features or targets).
import type { Rule } from '../types';

/** No options: any non-finite value is an error. */
export type NonFiniteDataOptions = Record<string, never>;

const FIXES = [
  'Find where the value comes from: a division by (nearly) zero, a log of 0, or a number beyond the 32-bit float range (|x| > 3.4e38 becomes Infinity when the data is converted to float32)',
  'Clip or transform extreme values (e.g. log1p of counts and amounts) and replace missing ones with an imputed value before training',
  'If whole columns are NaN after normalization, one Infinity in that column of the training split poisoned its mean and std: fix that value',
];

export const rule: Rule<NonFiniteDataOptions> = {
  meta: {
    code: 'non-finite-data',
    defaultSeverity: 'error',
    phase: 'static',
    title: 'The data holds NaN or Infinity values',
    docs: [
      'A single NaN or Infinity in a training batch makes the loss NaN, and from that step on every gradient and every weight is NaN: the run is lost. In a validation or test split it makes the reported metrics NaN.',
      'The data loaders already reject NaN, Infinity and missing cells in CSV files and data functions with an error. What can still reach training is a number that is finite in JavaScript but too large for the 32-bit floats the engine trains with (|x| > 3.4e38, e.g. the result of a division by a tiny number): it becomes ±Infinity once stored, and normalization then turns its whole column into NaN in every split (the column\'s mean and std are no longer finite). This rule scans the prepared data exactly as training will see it, after normalization and target encoding.',
      'Fires before training when any value of the features or targets of the training, validation or test split is NaN or ±Infinity; the evidence gives the count per split, how many feature columns are affected and the first split, row (0-based, within the split after shuffling) and column where one was found. There is no threshold: one is enough to break training.',
      'Most likely fixes: find the division, log or overflow that produced the value; clip or log-transform extreme values; impute missing values before training.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: {},
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace) {
    const facts = trace.data.nonFinite;
    if (!facts) return [];
    const bad = facts.splits.filter((s) => s.featureValues + s.targetValues > 0);
    if (bad.length === 0) return [];
    const first = facts.first;
    const where = bad.map((s) => `${s.split}: ${s.featureValues + s.targetValues} value${s.featureValues + s.targetValues === 1 ? '' : 's'}${s.targetValues ? ` (${s.targetValues} in the targets)` : ''}`).join('; ');
    const firstText = first ? ` The first is ${first.value} in ${first.split} row ${first.row}, ${first.part === 'features' ? 'feature' : 'target'} column ${first.column}.` : '';
    const columns = facts.featureColumns > 0 ? ` ${facts.featureColumns} feature column${facts.featureColumns === 1 ? ' is' : 's are'} affected.` : '';
    const evidence: Record<string, number | string | boolean> = { featureColumns: facts.featureColumns };
    for (const s of facts.splits) evidence[`${s.split}NonFinite`] = s.featureValues + s.targetValues;
    if (first) Object.assign(evidence, { firstSplit: first.split, firstRow: first.row, firstColumn: first.column, firstPart: first.part, firstValue: first.value });
    return [{
      code: 'non-finite-data',
      severity: 'error',
      message: `The data training will see holds NaN or Infinity values (${where}).${firstText}${columns} Any such value in a batch makes the loss and every weight NaN.`,
      target: { kind: 'config', key: 'data' },
      evidence,
      fixes: FIXES,
    }];
  },
};
