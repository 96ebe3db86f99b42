// CSV reading for datasets: a header row, numeric cells, errors that name the file, line and column.
import * as fs from 'node:fs';

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  /** 1-based file line of each row, for error messages. */
  lines: number[];
}

/** RFC 4180-style: quoted fields (with "" escapes and embedded commas/newlines), CRLF, blank lines skipped. */
export function parseCsv(text: string): ParsedCsv {
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.length > 1 || cells[0].trim() !== '') records.push({ cells, line: recordLine });
      cells = [];
      cell = '';
      line++;
      recordLine = line;
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  if (cells.length > 1 || cells[0].trim() !== '') records.push({ cells, line: recordLine });
  const [head, ...rest] = records;
  return { header: head ? head.cells.map((h) => h.trim()) : [], rows: rest.map((r) => r.cells), lines: rest.map((r) => r.line) };
}

export interface NumericTable {
  header: string[];
  /** Row-major values, rows × header.length. */
  values: Float64Array;
  rows: number;
}

/** Reads a CSV whose every cell is a finite number. */
export function readNumericCsv(file: string): NumericTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`CSV file not found: ${file}`);
  }
  const { header, rows, lines } = parseCsv(text);
  if (header.length === 0) throw new Error(`${file} is empty`);
  if (rows.length === 0) throw new Error(`${file} has a header but no rows`);
  const width = header.length;
  const values = new Float64Array(rows.length * width);
  rows.forEach((row, r) => {
    if (row.length !== width) throw new Error(`${file}:${lines[r]}: ${row.length} values, but the header has ${width} columns`);
    for (let c = 0; c < width; c++) {
      const raw = row[c].trim();
      const v = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) {
        const what = raw === '' ? 'a missing value' : `"${raw}", not a finite number,`;
        throw new Error(`${file}:${lines[r]}: ${what} in column "${header[c]}"`);
      }
      values[r * width + c] = v;
    }
  });
  return { header, values, rows: rows.length };
}
