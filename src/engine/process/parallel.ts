// Runs several training processes at once, a few at a time: sweeps and cross-validation folds.
import * as os from 'node:os';

/** How many processes to run at once: a number as given (at least 1), 'auto' half the cores; never more than tasks. */
export function resolveParallel(value: number | 'auto' | undefined, tasks: number): number {
  let n: number;
  if (value === 'auto') n = Math.max(1, Math.floor((os.availableParallelism?.() ?? os.cpus().length) / 2));
  else if (value === undefined) n = 1;
  else if (typeof value === 'number' && Number.isInteger(value) && value >= 1) n = value;
  else throw new RangeError(`parallel must be a whole number ≥ 1 or 'auto', got ${JSON.stringify(value)}`);
  return Math.max(1, Math.min(n, tasks));
}

/** The cores each of `parallel` runs side by side may use: an equal share of the machine's. */
export function coresPerRun(parallel: number): number {
  return Math.max(1, Math.floor((os.availableParallelism?.() ?? os.cpus().length) / Math.max(1, parallel)));
}

/**
 * Calls `start(i)` for i = 0..count-1 with at most `parallel` pending at once, in order; stops
 * starting new ones once `isCancelled()` is true. Resolves with each started task's result (undefined
 * for those never started). A task that rejects rejects the whole (after the running ones settle).
 */
export async function runLimited<T>(count: number, parallel: number, start: (index: number) => Promise<T>, isCancelled: () => boolean = () => false): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(count).fill(undefined);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < count && !isCancelled() && !failure) {
      const index = next++;
      try {
        results[index] = await start(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, count)) }, lane));
  if (failure) throw failure.error;
  return results;
}
