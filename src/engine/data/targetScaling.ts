// Standardizes regression targets with the training split's statistics (opt-in: `normalizeTargets`),
// so MSE works on a unit scale. Losses and metrics are then in standard deviations of the target.
import type { ArraySplit } from './types';

export function standardizeTargets(train: ArraySplit, others: (ArraySplit | undefined)[], width: number): { mean: number[]; std: number[] } {
  const mean = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (let i = 0; i < train.count; i++) for (let j = 0; j < width; j++) mean[j] += train.y[i * width + j] / train.count;
  for (let i = 0; i < train.count; i++) for (let j = 0; j < width; j++) sq[j] += (train.y[i * width + j] - mean[j]) ** 2 / train.count;
  const std = sq.map((s) => (Math.sqrt(s) < 1e-8 ? 1 : Math.sqrt(s)));
  for (const split of [train, ...others]) {
    if (!split) continue;
    // Splits may share arrays with the cached dataset: write to a copy.
    const y = Float32Array.from(split.y);
    for (let i = 0; i < split.count; i++) for (let j = 0; j < width; j++) y[i * width + j] = (y[i * width + j] - mean[j]) / std[j];
    split.y = y;
  }
  return { mean, std };
}
