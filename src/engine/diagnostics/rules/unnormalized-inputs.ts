// Static rule: raw input features on very different or very large scales, and the engine did not standardize them.
import type { Rule } from '../types';
import { fmt } from './curveStats';

export interface UnnormalizedInputsOptions {
  /** Fires when the largest feature std is at least this many times a small one (the 10th percentile)... */
  maxScaleRatio: number;
  /** ...or some feature's |mean| exceeds this... */
  maxAbsMean: number;
  /** ...or some feature's std exceeds this. */
  maxStd: number;
}

/**
 * The 10th-percentile std of the non-constant features: a few near-constant columns (image borders) are ignored.
 * A constant column's std is rounding noise (1e-17 of its mean), not a scale: it counts as constant.
 */
function smallScale(stds: number[], means: number[]): number {
  const sorted = stds.filter((s, i) => Number.isFinite(s) && !isConstant(s, means[i] ?? 0)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(0.1 * (sorted.length - 1))] : NaN;
}

/** A std below this share of a column's magnitude is a constant column's float noise. */
const CONSTANT_RELATIVE_STD = 1e-6;

function isConstant(std: number, mean: number): boolean {
  return std <= CONSTANT_RELATIVE_STD * Math.max(1, Math.abs(mean));
}

function argMax(xs: number[]): number {
  let best = 0;
  xs.forEach((x, i) => { if (x > xs[best]) best = i; });
  return best;
}

const FIXES = [
  'Keep the experiment\'s `normalize` option on (or standardize each feature yourself: subtract its mean, divide by its std, using the training split\'s statistics)',
  'For pixel values, divide by 255 (or the maximum value) so they lie in [0, 1]',
  'Log-transform heavy-tailed features (counts, amounts) before standardizing',
];

export const rule: Rule<UnnormalizedInputsOptions> = {
  meta: {
    code: 'unnormalized-inputs',
    defaultSeverity: 'warning',
    phase: 'static',
    title: 'Input features are not normalized',
    docs: [
      'Gradient descent works best when every input feature has roughly zero mean and unit scale. A feature on a scale of thousands makes the first layer\'s pre-activations huge (saturating or exploding units) and dominates the gradient, while a feature on a scale of 0.01 is learned hundreds of times more slowly: training zig-zags, needs a tiny learning rate, or stalls.',
      'Only checked when the engine did not standardize the features (data facts `normalized` false), on the raw training split, and never for token ids that feed an Embedding (they are kept as they are). Fires when the largest feature std is ≥ 100 × a small one (the 10th percentile of the non-constant features\' stds, so a few near-constant columns such as image borders do not count), or some feature has |mean| > 10, or some feature has std > 10.',
      'Most likely fixes: keep normalization on / standardize the inputs; scale pixel values to [0, 1]; log-transform heavy-tailed features.',
    ].join('\n\n'),
    fixes: FIXES,
    defaultOptions: { maxScaleRatio: 100, maxAbsMean: 10, maxStd: 10 },
    explains: ['underfitting', 'loss-plateau'],
  },
  check(trace, o) {
    const { normalized, featureMean, featureStd, featuresAreIds } = trace.data;
    // Token ids are not measurements: standardizing them would break the Embedding they feed.
    if (normalized || featuresAreIds || featureStd.length === 0) return [];
    const widest = argMax(featureStd);
    const small = smallScale(featureStd, featureMean);
    const ratio = featureStd[widest] / small;
    // A constant column's mean is no scale either (constant-features reports the column itself).
    const absMeans = featureMean.map((m, i) => (isConstant(featureStd[i], m) ? 0 : Math.abs(m)));
    const farthest = argMax(absMeans);
    const reasons: string[] = [];
    if (ratio >= o.maxScaleRatio) reasons.push(`feature scales differ ${fmt(ratio)}× (std ${fmt(featureStd[widest])} for feature ${widest} vs ${fmt(small)} for the small ones)`);
    if (absMeans[farthest] > o.maxAbsMean) reasons.push(`feature ${farthest} has mean ${fmt(featureMean[farthest])}`);
    if (featureStd[widest] > o.maxStd && !(ratio >= o.maxScaleRatio)) reasons.push(`feature ${widest} has std ${fmt(featureStd[widest])}`);
    if (reasons.length === 0) return [];
    return [{
      code: 'unnormalized-inputs',
      severity: 'warning',
      message: `The input features are not normalized: ${reasons.join('; ')}. Unscaled inputs make training slow or unstable.`,
      target: { kind: 'config', key: 'data' },
      evidence: {
        features: featureStd.length, scaleRatio: Number(ratio.toPrecision(4)), maxStd: featureStd[widest], maxStdFeature: widest,
        maxAbsMean: absMeans[farthest], maxAbsMeanFeature: farthest, normalized,
      },
      fixes: FIXES,
    }];
  },
};
