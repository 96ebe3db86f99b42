// Static rule: validation/test rows that are exact copies of training rows.
import type { Rule } from '../types';
import { fmt } from './curveStats';

export interface DataLeakageOptions {
  /** Fires when at least this fraction of a held-out split's rows equals a training row... */
  minFraction: number;
  /** ...and at least this many rows do (one coincidental match in low-resolution data is common). */
  minRows: number;
}

const FIXES = [
  'Remove duplicate rows before splitting (or split by the entity the rows come from: patient, user, source image), so a sample and its copy cannot land on both sides',
  'Oversample or augment only the training split, after the split, never before it',
  'If your data function builds the validation or test rows, make sure they are not drawn from the training rows',
];

export const rule: Rule<DataLeakageOptions> = {
  meta: {
    code: 'data-leakage',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'Validation or test rows duplicate training rows',
    docs: [
      'A validation or test sample that also appears in the training split measures memory, not generalization: the model has already been trained on its answer. The validation loss and accuracy look better than they will be on new data, and early stopping or model selection based on them picks the model that memorizes best. Typical causes: duplicate rows in the source data, oversampling or augmenting before splitting, or a data function that draws validation rows from the training rows.',
      'Measured before training on the prepared data: every training row\'s features (their 32-bit float bit pattern after normalization, which is the same transformation for every split) go into a hash set, and each validation and test row is looked up; only features are compared, so a copy with a different label counts too. For large datasets only the first 10 million training feature values are hashed (about 150,000 rows of 64 features; the bundled datasets are hashed in full), so the counts are a lower bound and the evidence says `capped`.',
      'Fires when, in the validation or the test split, at least 1 % of the rows and at least 2 rows are exact copies of a training row. The 2-row floor keeps a single coincidental match from firing: low-resolution tabular data (iris measures to 0.1 cm) has a few naturally identical rows. The evidence gives the duplicate count, row count and fraction per split.',
      'Most likely fixes: deduplicate (or group) before splitting; oversample or augment after the split, on the training split only; do not build held-out rows from training rows.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { minFraction: 0.01, minRows: 2 },
  },
  check(trace, o) {
    const facts = trace.data.leakage;
    if (!facts) return [];
    const leaking = facts.splits.filter((s) => s.rows > 0 && s.duplicates >= o.minRows && s.duplicates / s.rows >= o.minFraction);
    if (leaking.length === 0) return [];
    const evidence: Record<string, number | string | boolean> = { trainRowsHashed: facts.trainRowsHashed, capped: facts.capped, threshold: o.minFraction };
    for (const s of facts.splits) {
      evidence[`${s.split}Duplicates`] = s.duplicates;
      evidence[`${s.split}Rows`] = s.rows;
      evidence[`${s.split}Fraction`] = Number((s.duplicates / Math.max(1, s.rows)).toPrecision(3));
    }
    const parts = leaking.map((s) => `${s.duplicates} of ${s.rows} ${s.split} rows (${fmt(100 * s.duplicates / s.rows)} %)`);
    return [{
      code: 'data-leakage',
      severity: 'warning',
      message: `${parts.join(' and ')} ${leaking.length === 1 && leaking[0].duplicates === 1 ? 'is an exact copy' : 'are exact copies'} of training rows${facts.capped ? ` (checked against the first ${facts.trainRowsHashed} training rows)` : ''}. Those held-out scores measure memory, not generalization.`,
      target: { kind: 'config', key: 'data' },
      evidence,
      fixes: FIXES,
    }];
  },
};
