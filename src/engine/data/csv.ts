// CSV files as datasets: a header row, feature columns of numbers or text (categorical), one target column.
// Every error names the file and line, since that is where the user has to go to fix it.
import * as fs from 'node:fs';
import type { CsvOptions, Task } from '../../sdk/types';
import { closestMatch } from '../util/didYouMean';
import { checkFeatureShape, DataError, taskFromLoss, type ColumnEncoding, type RawDataset } from './raw';

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  /** 1-based line of the file on which each row starts (rows may span lines inside quotes). */
  lines: number[];
}

/** A malformed CSV; `line` is 1-based. */
export class CsvSyntaxError extends DataError {
  override name = 'CsvSyntaxError';
  constructor(message: string, readonly line: number) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * RFC 4180 parsing: quoted fields with "" escapes and embedded commas or newlines, LF or CRLF line ends,
 * a leading BOM, blank lines skipped (anywhere, including trailing ones). Fields are not trimmed.
 * Slices the text instead of building fields character by character, for speed on large files.
 */
export function parseCsv(text: string): ParsedCsv {
  const records: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        value = '';
        let start = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new CsvSyntaxError(`Unterminated quoted field (the quote opened on line ${openLine} is never closed)`, openLine);
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === LF) line++;
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1); // keep one quote of the "" pair
            i = start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        // Only spaces may sit between a closing quote and the next delimiter.
        while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR) {
          throw new CsvSyntaxError(`Unexpected character '${text[i]}' after a closing quote on line ${line}`, line);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i++);
      if (c === COMMA) continue;
      if (c === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    const blank = fields.length === 1 && fields[0].trim() === '';
    if (!blank) {
      records.push(fields);
      lines.push(recordLine);
    }
  }
  return { header: records.length ? records[0] : [], rows: records.slice(1), lines: lines.slice(1) };
}

function readCsvText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataError(`CSV file not found: ${file}`);
    if (code === 'EISDIR') throw new DataError(`${file} is a folder, not a CSV file`);
    throw new DataError(`Cannot read CSV file ${file}: ${(err as Error).message}`);
  }
}

function findTargetColumn(names: string[], target: unknown, file: string): number {
  const available = names.map((h) => JSON.stringify(h)).join(', ');
  if (target === undefined) return names.length - 1;
  if (typeof target === 'number') {
    if (Number.isInteger(target) && target >= 0 && target < names.length) return target;
    throw new DataError(`Target column index ${target} is out of range for ${file}: it has ${names.length} columns, 0 to ${names.length - 1} (${available})`);
  }
  if (typeof target === 'string') {
    const exact = names.indexOf(target);
    if (exact >= 0) return exact;
    const loose = names.findIndex((h) => h.toLowerCase() === target.trim().toLowerCase());
    if (loose >= 0) return loose;
    throw new DataError(`Unknown target column "${target}" in ${file}. Available columns: ${available}`);
  }
  throw new DataError(`target must be a column name or a 0-based column index, got ${JSON.stringify(target)}`);
}

/** A cell as a finite number, or an error naming the cell. */
function parseNumberCell(cell: string, column: string, file: string, line: number): number {
  const v = Number(cell);
  if (Number.isFinite(v)) {
    // Number('') and Number('  ') are 0: those are missing values, not zeros.
    if (v === 0 && cell.trim() === '') throw new DataError(`Missing value in column "${column}" at ${file}:${line} (fill it in or remove the row)`);
    return v;
  }
  const shown = cell.trim();
  if (/^[+-]?(nan|inf|infinity)$/i.test(shown)) throw new DataError(`Non-finite value "${shown}" in column "${column}" at ${file}:${line}`);
  throw new DataError(`Non-numeric value "${shown}" in column "${column}" at ${file}:${line}`);
}

/** "Few distinct whole numbers, each repeated": most likely class labels. */
function looksLikeClassLabels(values: Float64Array): boolean {
  const seen = new Set<number>();
  for (const v of values) {
    if (!Number.isInteger(v)) return false;
    seen.add(v);
    if (seen.size > 20) return false;
  }
  return seen.size * 2 <= values.length;
}

interface Labels {
  y: Float32Array;
  numClasses: number;
  classNames: string[];
}

/** Whole-number labels: kept as they are when they are already 0..K-1, else mapped in sorted order. */
function numericLabels(values: Float64Array, ctx: { column: string; file: string; lines: number[] }): Labels {
  const distinct = new Set<number>();
  values.forEach((v, r) => {
    if (!Number.isInteger(v)) {
      throw new DataError(`Class label ${v} in column "${ctx.column}" at ${ctx.file}:${ctx.lines[r]} is not a whole number (use task: 'regression' for a numeric target)`);
    }
    distinct.add(v);
  });
  const sorted = [...distinct].sort((a, b) => a - b);
  if (sorted[0] >= 0 && sorted[sorted.length - 1] === sorted.length - 1) {
    return { y: Float32Array.from(values), numClasses: sorted.length, classNames: sorted.map(String) };
  }
  const index = new Map(sorted.map((v, i) => [v, i]));
  return { y: Float32Array.from(values, (v) => index.get(v)!), numClasses: sorted.length, classNames: sorted.map(String) };
}

/** Text labels ("setosa", "yes"), numbered in natural sort order. */
function textLabels(labels: string[]): Labels {
  const sorted = [...new Set(labels)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const index = new Map(sorted.map((v, i) => [v, i]));
  return { y: Float32Array.from(labels, (v) => index.get(v)!), numClasses: sorted.length, classNames: sorted };
}

export interface CsvHints {
  /** The experiment's loss: decides classification vs regression when `task` is not given. */
  lossName?: string;
  /** The columns' encoding a run recorded: reloading it (evaluate, export) encodes text exactly as it trained. */
  encoding?: ColumnEncoding[];
}

/** Cells that mean "no value" in CSV files people have. */
const MISSING = new Set(['', 'na', 'n/a', 'null', 'none', '?']);
const MISSING_CATEGORY = '(missing)';

function isMissing(cell: string): boolean {
  return MISSING.has(cell.trim().toLowerCase());
}

/** A number, or a spelled-out non-finite one (NaN, Inf: reported as such, not taken for a category). */
function isNumberCell(cell: string): boolean {
  return (cell.trim() !== '' && Number.isFinite(Number(cell))) || /^[+-]?(nan|inf|infinity)$/i.test(cell.trim());
}

function naturalSort(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/**
 * Reads a CSV file into features and targets. Feature columns hold numbers or text: a text column is
 * categorical (one-hot by default, or its category's index), with its categories recorded so a reload
 * encodes the same way. Empty cells are an error naming the cell unless `missing` says to drop or fill.
 * Targets: class indices for classification (text labels allowed), values for regression.
 */
export function loadCsvDataset(file: string, options: CsvOptions = {}, hints: CsvHints = {}): RawDataset {
  let parsed: ParsedCsv;
  try {
    parsed = parseCsv(readCsvText(file));
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new DataError(`${err.message} at ${file}:${err.line}`);
    throw err;
  }
  const names = parsed.header.map((h) => h.trim());
  if (names.length === 0) throw new DataError(`CSV file ${file} is empty`);
  if (parsed.rows.length === 0) throw new DataError(`CSV file ${file} has a header but no data rows`);
  if (names.length < 2) throw new DataError(`CSV file ${file} has a single column ("${names[0]}"); it needs feature columns and a target column`);
  if (options.task !== undefined && options.task !== 'classification' && options.task !== 'regression') {
    throw new DataError(`task must be 'classification' or 'regression', got ${JSON.stringify(options.task)}`);
  }
  const width = names.length;
  const targetCol = findTargetColumn(names, options.target, file);
  const targetName = names[targetCol];
  const missing = options.missing ?? 'error';
  for (const column of Object.keys(options.columns ?? {})) {
    if (names.includes(column)) continue;
    const meant = closestMatch(column, names);
    throw new DataError(`columns: there is no column "${column}" in ${file}${meant ? ` — did you mean "${meant}"?` : ''} Its columns: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  }

  // The rows to use: the right width; with `missing: 'drop'`, none with an empty cell.
  const rows: string[][] = [];
  const lines: number[] = [];
  parsed.rows.forEach((row, r) => {
    const line = parsed.lines[r];
    if (row.length !== width) throw new DataError(`${row.length} values where the header has ${width} columns at ${file}:${line}`);
    const empty = row.findIndex((cell, c) => isMissing(cell) && options.columns?.[names[c]] !== 'ignore');
    if (empty >= 0) {
      if (missing === 'drop') return;
      if (empty === targetCol || row.some((cell, c) => c === targetCol && isMissing(cell))) {
        throw new DataError(`Missing target value in column "${targetName}" at ${file}:${line} (missing: 'drop' leaves such rows out)`);
      }
      if (missing === 'error') throw new DataError(`Missing value in column "${names[empty]}" at ${file}:${line}: fill it in, or set the csv option missing: 'drop' (leave such rows out) or 'fill' (fillValue, default 0)`);
    }
    rows.push(row);
    lines.push(line);
  });
  if (rows.length === 0) throw new DataError(`No rows of ${file} are left: every row has an empty cell (missing: 'drop')`);

  const encoding = encodeColumns(names, targetCol, rows, lines, file, options, hints.encoding);
  const featureCount = encoding.reduce((n, e) => n + (e.kind === 'number' || e.kind === 'index' ? 1 : e.kind === 'onehot' ? e.categories!.length : 0), 0);
  if (featureCount === 0) throw new DataError(`${file}: no feature columns are left besides the target "${targetName}"`);
  const count = rows.length;
  const x = new Float32Array(count * featureCount);
  const fill = options.fillValue ?? 0;
  const columnIndex = new Map(names.map((n, c) => [n, c]));
  for (let r = 0; r < count; r++) {
    let f = r * featureCount;
    for (const e of encoding) {
      const c = columnIndex.get(e.column)!;
      const cell = rows[r][c];
      if (e.kind === 'ignore') continue;
      if (e.kind === 'number') {
        x[f++] = isMissing(cell) ? fill : parseNumberCell(cell, e.column, file, lines[r]);
        continue;
      }
      const value = isMissing(cell) ? MISSING_CATEGORY : cell.trim();
      const k = e.categories!.indexOf(value);
      if (k < 0) throw new DataError(`Value "${value}" in column "${e.column}" at ${file}:${lines[r]} is not one of the categories the run was trained with (${e.categories!.map((v) => JSON.stringify(v)).join(', ')})`);
      if (e.kind === 'index') x[f++] = k;
      else {
        x[f + k] = 1;
        f += e.categories!.length;
      }
    }
  }
  const featureNames = encoding.flatMap((e) => (e.kind === 'ignore' ? [] : e.kind === 'onehot' ? e.categories!.map((v) => `${e.column}=${v}`) : [e.column]));
  const text = encoding.some((e) => e.kind === 'onehot' || e.kind === 'index');

  const targetValues = new Float64Array(count);
  let firstTextTarget = -1;
  for (let r = 0; r < count; r++) {
    const v = Number(rows[r][targetCol]);
    if (Number.isFinite(v)) targetValues[r] = v;
    else if (firstTextTarget < 0) firstTextTarget = r;
  }
  const hasText = firstTextTarget >= 0;
  const task: Task = options.task ?? (hasText ? 'classification' : taskFromLoss(hints.lossName) ?? (looksLikeClassLabels(targetValues) ? 'classification' : 'regression'));
  const featureShape = checkFeatureShape(options.shape, featureCount, file);
  const recorded = text || encoding.some((e) => e.kind === 'ignore') ? { encoding } : {};
  if (task === 'regression') {
    if (hasText) {
      const shown = rows[firstTextTarget][targetCol].trim();
      throw new DataError(`Non-numeric value "${shown}" in target column "${targetName}" at ${file}:${lines[firstTextTarget]} (a regression target must be a number)`);
    }
    return { task, featureShape, targetShape: [1], featureNames, x, y: Float32Array.from(targetValues), count, ...recorded };
  }
  const labels = hasText ? textLabels(rows.map((row) => row[targetCol].trim())) : numericLabels(targetValues, { column: targetName, file, lines });
  return { task, featureShape, targetShape: [1], featureNames, x, count, ...labels, ...recorded };
}

/** Each feature column's encoding: as the run recorded it, as `columns` declares, else inferred from its cells. */
function encodeColumns(names: string[], targetCol: number, rows: string[][], lines: number[], file: string, options: CsvOptions, recorded?: ColumnEncoding[]): ColumnEncoding[] {
  return names.flatMap((column, c): ColumnEncoding[] => {
    if (c === targetCol) return [];
    const before = recorded?.find((e) => e.column === column);
    if (recorded && !before) throw new DataError(`${file} has a column "${column}" the run did not train with`);
    if (before) return [before];
    const declared = options.columns?.[column];
    if (declared === 'ignore') return [{ column, kind: 'ignore' }];
    const present = rows.map((row) => row[c]).filter((cell) => !isMissing(cell));
    const numbers = present.filter(isNumberCell).length;
    const numeric = numbers === present.length;
    // Numbers mixed with words is a data error to show (a typo, a unit in a cell), not a text column to encode.
    if (!declared && !numeric && numbers > 0) {
      const r = rows.findIndex((row) => !isMissing(row[c]) && !isNumberCell(row[c]));
      throw new DataError(`Non-numeric value "${rows[r][c].trim()}" in column "${column}" at ${file}:${lines[r]} (the column's other cells are numbers; columns: { ${JSON.stringify(column)}: 'onehot' } encodes it as text)`);
    }
    const kind = declared ?? (numeric ? 'number' : options.categorical ?? 'onehot');
    if (kind === 'number') {
      if (!numeric) {
        const r = rows.findIndex((row) => !isMissing(row[c]) && !isNumberCell(row[c]));
        throw new DataError(`Non-numeric value "${rows[r][c].trim()}" in column "${column}" at ${file}:${lines[r]} (the column is declared 'number'; 'onehot' or 'index' encodes text)`);
      }
      return [{ column, kind }];
    }
    const categories = naturalSort(rows.map((row) => (isMissing(row[c]) ? MISSING_CATEGORY : row[c].trim())));
    return [{ column, kind, categories }];
  });
}
