// Which metrics a run has, paired train/validation, and which direction is "better" for each.
import type { Metrics } from '../../../src/protocol/events';

export interface MetricPair {
  /** Base name: 'loss', 'accuracy', ... */
  name: string;
  train?: string;
  val?: string;
}

export { isHigherBetter } from '../../../src/protocol/metrics';

/** Train/validation pairs from every metrics object seen, loss first, then in first-seen order. */
export function metricPairs(metricsList: readonly Metrics[]): MetricPair[] {
  const pairs = new Map<string, MetricPair>();
  for (const metrics of metricsList) {
    for (const key of Object.keys(metrics)) {
      const isVal = key.startsWith('val_');
      const name = isVal ? key.slice(4) : key;
      const pair = pairs.get(name) ?? { name };
      if (isVal) pair.val = key;
      else pair.train = key;
      pairs.set(name, pair);
    }
  }
  return [...pairs.values()].sort((a, b) => Number(b.name === 'loss') - Number(a.name === 'loss'));
}

/** Accuracy-like metrics read best as percentages. */
export function isFraction(metric: string): boolean {
  return /acc/i.test(metric);
}
