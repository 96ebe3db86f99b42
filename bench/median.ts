// The median the bench reports: the middle value, or the mean of the two middle ones for an even count
// (the upper one alone biased the per-repeat ratios upward).
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
