// The built-in datasets: five real ones shipped as CSV in samples/data (parsed once per process) and
// the synthetic generators.
import * as path from 'node:path';
import type { BuiltinDatasetName, DataSpec, Task } from '../../sdk/types';
import { datasetsDir } from '../../paths';
import { loadCsvDataset } from './csv';
import { checkFeatureShape, DataError, sizeOf, type RawDataset } from './raw';
import { generateSynthetic, isSyntheticName, SYNTHETIC_NAMES } from './synthetic';

/** Options a built-in dataset accepts (shape for any, samples/noise/classes for synthetic ones). */
export type BuiltinOptions = Extract<DataSpec, { kind: 'builtin' }>['options'];

interface RealDataset {
  file: string;
  task: Task;
  classNames?: string[];
}

/** Each file has a header row and the target in its last column (see samples/data). */
const REAL = {
  digits: { file: 'digits.csv', task: 'classification', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  iris: { file: 'iris.csv', task: 'classification', classNames: ['setosa', 'versicolor', 'virginica'] },
  breastCancer: { file: 'breast_cancer.csv', task: 'classification', classNames: ['malignant', 'benign'] },
  wine: { file: 'wine.csv', task: 'classification', classNames: ['class_0', 'class_1', 'class_2'] },
  diabetes: { file: 'diabetes.csv', task: 'regression' },
} satisfies Record<string, RealDataset>;

type RealName = keyof typeof REAL;

export const BUILTIN_NAMES: readonly BuiltinDatasetName[] = [...(Object.keys(REAL) as RealName[]), ...SYNTHETIC_NAMES];

export function isBuiltinName(name: string): name is BuiltinDatasetName {
  return (BUILTIN_NAMES as readonly string[]).includes(name);
}

/** Parsed tables by name. Their arrays are shared: consumers copy rows out, never write into them. */
const cache = new Map<RealName, RawDataset>();

function loadReal(name: RealName): RawDataset {
  let raw = cache.get(name);
  if (!raw) {
    const meta: RealDataset = REAL[name];
    raw = loadCsvDataset(path.join(datasetsDir(), meta.file), { task: meta.task });
    if (meta.classNames) raw = { ...raw, classNames: meta.classNames, numClasses: meta.classNames.length };
    cache.set(name, raw);
  }
  return raw;
}

/** All rows of built-in dataset `name`; `seed` drives synthetic generation. */
export function loadBuiltinDataset(name: string, options: BuiltinOptions, seed: number): RawDataset {
  let raw: RawDataset;
  if (Object.prototype.hasOwnProperty.call(REAL, name)) raw = loadReal(name as RealName);
  else if (isSyntheticName(name)) raw = generateSynthetic(name, options, seed);
  else throw new DataError(`Unknown dataset '${String(name)}'. Built-in datasets: ${BUILTIN_NAMES.join(', ')}`);
  const featureShape = checkFeatureShape(options.shape, sizeOf(raw.featureShape), `datasets.${name}`);
  return { ...raw, featureShape };
}
