// `datasets.*` for model files: lazy descriptions that the engine resolves with the experiment's seed.
import * as path from 'node:path';
import type { CsvOptions, DataSpec, DataSplits, DatasetOptions, DigitsOptions, SpiralsOptions, SyntheticOptions } from './types';
import { userCallSite } from './location';

const builtin = <O extends DatasetOptions>(name: Extract<DataSpec, { kind: 'builtin' }>['name']) => (options: O = {} as O): DataSpec => ({ kind: 'builtin', name, options: { ...options } });

export const datasets = {
  /** UCI handwritten digits: 1,797 8×8 images, 10 classes. `shape: [8, 8, 1]` for CNNs. */
  digits: builtin<DigitsOptions>('digits'),
  /** Fisher's iris: 150 flowers, 4 measurements, 3 species. */
  iris: builtin<DatasetOptions>('iris'),
  /** Breast cancer Wisconsin (diagnostic): 569 samples, 30 features, benign/malignant. */
  breastCancer: builtin<DatasetOptions>('breastCancer'),
  /** Wine recognition: 178 samples, 13 features, 3 cultivars. */
  wine: builtin<DatasetOptions>('wine'),
  /** Diabetes progression: 442 patients, 10 features, a regression target (25..346). */
  diabetes: builtin<DatasetOptions>('diabetes'),
  /** Four noisy blobs labelled by XOR. */
  xor: builtin<SyntheticOptions>('xor'),
  /** Two interleaving half circles. */
  moons: builtin<SyntheticOptions>('moons'),
  /** A small circle inside a large one. */
  circles: builtin<SyntheticOptions>('circles'),
  /** Interleaved spiral arms, one class per arm. */
  spirals: builtin<SpiralsOptions>('spirals'),
  /** y = sin(x) + noise: regression. */
  sine: builtin<SyntheticOptions>('sine'),
  /** A CSV file with a header row; `path` is relative to the file that calls this. */
  csv(file: string, options: CsvOptions = {}): DataSpec {
    const callSite = userCallSite();
    const base = callSite ? path.dirname(callSite.file) : process.cwd();
    return { kind: 'csv', path: file, resolvedPath: path.resolve(base, file), options: { ...options }, callSite };
  },
  /** Data computed by a function, with dataset options (splits, normalize) applied to what it returns. */
  fromFunction(fn: () => DataSplits | Promise<DataSplits>, options: DatasetOptions = {}): DataSpec {
    return { kind: 'function', fn, options: { ...options } };
  },
};
