// Static rule: input features that never change in the training split.
import type { Rule } from '../types';
import { fmt } from './curveStats';

export interface ConstantFeaturesOptions {
  /** Inputs with at most this many features are "narrow" (hand-picked tabular columns): one constant column fires. */
  narrowFeatures: number;
  /** Wider inputs (images, spectra, one-hot blocks) fire when at least this fraction of the columns is constant. */
  minFractionWide: number;
}

const FIXES = [
  'Check how the column was produced: a constant column is often a bug (a join that filled defaults, a parse that turned every cell into 0, a filter that kept one category only)',
  'Drop the constant columns: they carry no information, cost parameters and are 0 after normalization',
  'If the column should vary, make sure the training split contains its variation (a split or filter may have kept only one value)',
];

export const rule: Rule<ConstantFeaturesOptions> = {
  meta: {
    code: 'constant-features',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'Some input features are constant',
    docs: [
      'A feature with the same value in every training sample carries no information: the model cannot learn anything from it, normalization maps it to 0, and its first-layer weights only cost parameters. In hand-picked tabular data a constant column usually means something went wrong upstream (a join that filled defaults, a parse that turned every cell into 0, a filter that kept a single category), and if the feature does vary in production the model has never seen it do so.',
      'Measured in one pass over the training split as training sees it: a column is constant when its largest and smallest finite values differ by at most 1e-7 of their magnitude (zero variance up to float rounding). Fires when the input is narrow (≤ 32 features) and any column is constant, or when the input is wider and at least 25 % of its columns are constant. Wide inputs are held to the fraction because a few constant columns are expected and harmless there: the border pixels of digit images are 0 in every image. The evidence gives how many columns are constant and the first 10 indices (0-based, in the flattened feature vector).',
      'Most likely fixes: check how the column was produced; drop it; make sure the training split contains the feature\'s variation.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { narrowFeatures: 32, minFractionWide: 0.25 },
  },
  check(trace, o) {
    const facts = trace.data.constantFeatures;
    // A constant id column (padding) is ordinary in token data.
    if (!facts || facts.count === 0 || facts.features === 0 || trace.data.featuresAreIds) return [];
    const fraction = facts.count / facts.features;
    const narrow = facts.features <= o.narrowFeatures;
    if (!narrow && fraction < o.minFractionWide) return [];
    const shown = facts.indices.join(', ') + (facts.count > facts.indices.length ? ', …' : '');
    return [{
      code: 'constant-features',
      severity: 'warning',
      message: `${facts.count} of ${facts.features} input feature${facts.features === 1 ? '' : 's'} ${facts.count === 1 ? 'is' : 'are'} constant in the training split (column${facts.count === 1 ? '' : 's'} ${shown}${narrow ? '' : `; ${fmt(100 * fraction)} % of the columns`}). A constant feature carries no information and often points to a data bug.`,
      target: { kind: 'config', key: 'data' },
      evidence: { constantFeatures: facts.count, features: facts.features, fraction: Number(fraction.toPrecision(3)), columns: facts.indices.join(','), narrow },
      fixes: FIXES,
    }];
  },
};
