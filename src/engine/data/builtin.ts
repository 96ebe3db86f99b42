// The real datasets bundled in samples/data, and user CSV files, as raw tables.
import * as path from 'node:path';
import type { BuiltinDatasetName, CsvOptions, Task } from '../../sdk/types';
import { datasetsDir } from '../../paths';
import { readNumericCsv, type NumericTable } from './csv';
import { SYNTHETIC_NAMES, type RawDataset } from './synthetic';

interface RealDataset {
  file: string;
  task: Task;
  classNames?: string[];
}

const REAL: Record<string, RealDataset> = {
  digits: { file: 'digits.csv', task: 'classification', classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  iris: { file: 'iris.csv', task: 'classification', classNames: ['setosa', 'versicolor', 'virginica'] },
  breastCancer: { file: 'breast_cancer.csv', task: 'classification', classNames: ['malignant', 'benign'] },
  wine: { file: 'wine.csv', task: 'classification', classNames: ['class_0', 'class_1', 'class_2'] },
  diabetes: { file: 'diabetes.csv', task: 'regression' },
};

export const BUILTIN_NAMES: BuiltinDatasetName[] = [...(Object.keys(REAL) as BuiltinDatasetName[]), ...SYNTHETIC_NAMES];

export function isRealDataset(name: string): boolean {
  return name in REAL;
}

const tableCache = new Map<string, NumericTable>();

function readCached(file: string): NumericTable {
  let table = tableCache.get(file);
  if (!table) tableCache.set(file, (table = readNumericCsv(file)));
  return table;
}

/** Splits a numeric table into features and one target column. */
function toRaw(table: NumericTable, targetColumn: number, task: Task, classNames?: string[]): RawDataset {
  const width = table.header.length;
  const featureCount = width - 1;
  const features = new Float64Array(table.rows * featureCount);
  const targets = new Float64Array(table.rows);
  for (let r = 0; r < table.rows; r++) {
    let f = 0;
    for (let c = 0; c < width; c++) {
      const v = table.values[r * width + c];
      if (c === targetColumn) targets[r] = v;
      else features[r * featureCount + f++] = v;
    }
  }
  const raw: RawDataset = { features, featureNames: table.header.filter((_, c) => c !== targetColumn), targets, rows: table.rows, task };
  if (task === 'classification') {
    for (const t of targets) {
      if (!Number.isInteger(t) || t < 0) throw new Error(`Class labels must be whole numbers ≥ 0; column "${table.header[targetColumn]}" has ${t}`);
    }
    raw.numClasses = Math.max(classNames?.length ?? 0, Math.max(...targets) + 1);
    raw.classNames = classNames;
  }
  return raw;
}

export function loadRealDataset(name: string): RawDataset {
  const spec = REAL[name];
  const table = readCached(path.join(datasetsDir(), spec.file));
  return toRaw(table, table.header.length - 1, spec.task, spec.classNames);
}

/** Few distinct whole numbers: a class label. */
function looksLikeClasses(table: NumericTable, column: number): boolean {
  const width = table.header.length;
  const seen = new Set<number>();
  for (let r = 0; r < table.rows; r++) {
    const v = table.values[r * width + column];
    if (!Number.isInteger(v) || v < 0) return false;
    seen.add(v);
    if (seen.size > 20) return false;
  }
  return true;
}

export function loadCsvDataset(file: string, options: CsvOptions, lossName?: string): RawDataset {
  const table = readCached(file);
  const target = options.target ?? table.header.length - 1;
  const column = typeof target === 'number' ? target : table.header.indexOf(target);
  if (column < 0 || column >= table.header.length || !Number.isInteger(column)) {
    throw new Error(`${file}: no target column ${JSON.stringify(target)}. Columns: ${table.header.join(', ')}`);
  }
  const task: Task = options.task ?? (lossName ? (/Crossentropy$/.test(lossName) ? 'classification' : 'regression') : looksLikeClasses(table, column) ? 'classification' : 'regression');
  return toRaw(table, column, task);
}
