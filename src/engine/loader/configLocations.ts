// Finds where each key of an `experiment({...})` object literal is written, so diagnostics about the
// optimizer, the learning rate, the loss or the data land on that line rather than on the call.
// A small scanner (strings, template literals, comments and nesting aware) is enough: the keys are
// plain identifiers at the first level of the literal (learningRate may sit inside `optimizer`).
import * as fs from 'node:fs';
import type { SourceLocation } from '../../sdk/types';

export type ConfigKey = 'name' | 'data' | 'model' | 'optimizer' | 'learningRate' | 'loss' | 'metrics' | 'epochs' | 'batchSize' | 'earlyStopping' | 'reduceLROnPlateau' | 'seed';

const KEYS = new Set<string>(['name', 'data', 'model', 'optimizer', 'learningRate', 'loss', 'metrics', 'epochs', 'batchSize', 'earlyStopping', 'reduceLROnPlateau', 'seed']);

export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Skips a string, template literal or comment starting at i; returns the index after it, or i if none. */
export function skipNonCode(text: string, i: number): number {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') return text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
  if (c === '/' && text[i + 1] === '*') return text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2;
  if (c === '"' || c === "'" || c === '`') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === c) return j + 1;
    }
    return text.length;
  }
  return i;
}

/**
 * Locations of the experiment's keys. `callSite` is where `experiment(` was called (the engine records
 * it); the literal is the first `{` after it. Returns only the keys found.
 */
export function locateConfigKeys(file: string, callSite: SourceLocation, source?: string): Partial<Record<ConfigKey, SourceLocation>> {
  const text = source ?? fs.readFileSync(file, 'utf8');
  const found: Partial<Record<ConfigKey, SourceLocation>> = {};
  let i = text.indexOf('{', offsetOf(text, callSite.line, callSite.column));
  if (i < 0) return found;
  let depth = 0;
  for (; i < text.length; i++) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    const c = text[i];
    if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth === 0) break;
    } else if (/[A-Za-z_$]/.test(c) && !/[\w$.]/.test(text[i - 1] ?? '')) {
      const match = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 40));
      const word = match ? match[0] : '';
      const after = text.slice(i + word.length).match(/^\s*:/);
      // Top-level keys at depth 1; learningRate also one level down (inside `optimizer: { ... }`).
      if (after && KEYS.has(word) && (depth === 1 || (word === 'learningRate' && depth === 2)) && !found[word as ConfigKey]) {
        found[word as ConfigKey] = { file, ...positionOf(text, i) };
      }
      i += Math.max(0, word.length - 1);
    }
  }
  return found;
}
