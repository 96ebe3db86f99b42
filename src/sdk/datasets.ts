// `datasets.*` for model files: lazy descriptions (nothing is read or generated here) that the engine
// resolves with the experiment's seed and loss. Kept free of engine imports: this ships in the SDK bundle.
import * as path from 'node:path';
import type {
  BuiltinDatasetName, CsvOptions, DataSpec, DataSplits, DatasetOptions, DigitsOptions, ImagesOptions, SourceLocation, SpiralsOptions, SyntheticOptions,
} from './types';
import { userCallSite } from './location';

type BuiltinSpec = Extract<DataSpec, { kind: 'builtin' }>;

function checkOptions(options: unknown, what: string): void {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError(`${what} takes an options object, got ${JSON.stringify(options)}`);
  }
}

function builtin<O extends DatasetOptions>(name: BuiltinDatasetName) {
  return (options?: O): DataSpec => {
    checkOptions(options, `datasets.${name}()`);
    // Copied so that later changes to the caller's object do not change the dataset.
    // Where it was called, so a bad option is reported at its line.
    return { kind: 'builtin', name, options: { ...options } as BuiltinSpec['options'], callSite: userCallSite() };
  };
}

/** Where `file` points when written in `callSite`'s source file: relative to that file's folder (else the working directory). */
export function resolveCsvPath(file: string, callSite: SourceLocation | undefined, cwd: string = process.cwd()): string {
  return path.resolve(callSite ? path.dirname(callSite.file) : cwd, file);
}

/** Data computed by a function; dataset options (splits, normalize, limit...) apply to what it returns. */
export function fromFunction(fn: () => DataSplits | Promise<DataSplits>, options: DatasetOptions = {}): DataSpec {
  if (typeof fn !== 'function') throw new TypeError(`fromFunction() takes a function returning { train: { x, y }, validation?, test? }, got ${typeof fn}`);
  checkOptions(options, 'fromFunction()');
  return { kind: 'function', fn, options: { ...options }, callSite: userCallSite() };
}

export const datasets = Object.freeze({
  /** UCI handwritten digits: 1,797 8×8 images (pixels 0..16), 10 classes. `shape: [8, 8, 1]` for CNNs. */
  digits: builtin<DigitsOptions>('digits'),
  /** Fisher's iris: 150 flowers, 4 measurements, 3 species. */
  iris: builtin<DatasetOptions>('iris'),
  /** Breast cancer Wisconsin (diagnostic): 569 samples, 30 features, malignant (0) / benign (1). */
  breastCancer: builtin<DatasetOptions>('breastCancer'),
  /** Wine recognition: 178 samples, 13 features, 3 cultivars. */
  wine: builtin<DatasetOptions>('wine'),
  /** Diabetes progression: 442 patients, 10 features, a regression target (25..346). */
  diabetes: builtin<DatasetOptions>('diabetes'),
  /** 2-D points labelled by whether their coordinates have the same sign (400 samples). */
  xor: builtin<SyntheticOptions>('xor'),
  /** Two interleaving half circles (500 samples). */
  moons: builtin<SyntheticOptions>('moons'),
  /** A small circle inside a large one (500 samples). */
  circles: builtin<SyntheticOptions>('circles'),
  /** Spiral arms, one class per arm (600 samples, 3 arms by default). */
  spirals: builtin<SpiralsOptions>('spirals'),
  /** y = sin(x) + noise for x in [-π, π]: regression (500 samples). */
  sine: builtin<SyntheticOptions>('sine'),
  /** A CSV file with a header row; `file` is relative to the model file that calls this. */
  csv(file: string, options?: CsvOptions): DataSpec {
    if (typeof file !== 'string' || file.trim() === '') throw new TypeError(`datasets.csv() needs a file path, got ${JSON.stringify(file)}`);
    checkOptions(options, 'datasets.csv()');
    const callSite = userCallSite();
    return { kind: 'csv', path: file, resolvedPath: resolveCsvPath(file, callSite), options: { ...options }, callSite };
  },
  /**
   * A folder of PNG and JPEG images, one subfolder per class (`shapes/circle/*.png`, `shapes/square/*.jpg`):
   * pixels in [0, 1], [height, width, 3] (or 1 with `grayscale`), resized to `size`. Relative to the model file.
   */
  images(folder: string, options?: ImagesOptions): DataSpec {
    if (typeof folder !== 'string' || folder.trim() === '') throw new TypeError(`datasets.images() needs a folder path, got ${JSON.stringify(folder)}`);
    checkOptions(options, 'datasets.images()');
    const callSite = userCallSite();
    return { kind: 'images', path: folder, resolvedPath: resolveCsvPath(folder, callSite), options: { ...options }, callSite };
  },
  /** Same as `fromFunction(fn, options)`. */
  fromFunction,
});
