// Where a key of a nested object literal is written: `earlyStopping: { patiense: 3 }` → the line and column of
// `patiense`. The object passed to the engine no longer knows its source, so a bad key is found again in the
// text of the call that made it (`experiment({...})`, `datasets.iris({...})`): the first `key:` below that call
// whose enclosing keys include the path's, in order. Strings, comments and template literals are skipped.
import * as fs from 'node:fs';
import type { SourceLocation } from '../../sdk/types';
import { offsetOf, positionOf, skipNonCode } from './configLocations';

/**
 * The location of `path`'s last key inside the first object literal after `callSite`, or undefined when the
 * text does not show it (a key computed at run time, an object built elsewhere and passed by name).
 */
export function locateKeyPath(callSite: SourceLocation, path: readonly string[], source?: string): SourceLocation | undefined {
  if (path.length === 0) return undefined;
  let text: string;
  try {
    text = source ?? fs.readFileSync(callSite.file, 'utf8');
  } catch {
    return undefined;
  }
  const key = bare(path[path.length - 1]);
  const ancestors = path.slice(0, -1).map(bare);
  const start = text.indexOf('(', offsetOf(text, callSite.line, callSite.column));
  if (start < 0) return undefined;
  // One entry per open bracket: the key whose value it opened (undefined for a bracket not after a key).
  const enclosing: (string | undefined)[] = [];
  // The key last written at each depth, until the `,` that ends its value.
  const pending: (string | undefined)[] = [undefined];
  for (let i = start; i < text.length; i++) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') {
      enclosing.push(pending[pending.length - 1]);
      pending.push(undefined);
    } else if (c === ')' || c === '}' || c === ']') {
      enclosing.pop();
      pending.pop();
      if (enclosing.length === 0) return undefined;
    } else if (c === ',') {
      pending[pending.length - 1] = undefined;
    } else if (/[A-Za-z_$]/.test(c) && !/[\w$.]/.test(text[i - 1] ?? '')) {
      const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 80))![0];
      const isKey = /^\s*:/.test(text.slice(i + word.length, i + word.length + 40)) && !/\?\s*$/.test(text.slice(Math.max(0, i - 40), i));
      if (isKey) {
        if (word === key && containsInOrder(enclosing, ancestors)) return { file: callSite.file, ...positionOf(text, i) };
        pending[pending.length - 1] = word;
      }
      i += word.length - 1;
    }
  }
  return undefined;
}

/** `layers[2]` → `layers`: array items are found under their array's key. */
function bare(key: string): string {
  return key.replace(/\[\d+\]$/, '');
}

function containsInOrder(enclosing: readonly (string | undefined)[], wanted: readonly string[]): boolean {
  let w = 0;
  for (const k of enclosing) if (w < wanted.length && k === wanted[w]) w++;
  return w === wanted.length;
}

/**
 * Where an option of a layer call is written (`kernelInitializer` in `tf.layers.dense({...})` at `layerSite`), so a
 * finding about the initializer lands on the line a person edits, not on the call's first line. When the option's
 * value is a bare name (`kernelInitializer: INIT`) or a call of a local helper (`kernelInitializer: init()`), the
 * name's declaration in the same file is where the value is written, and that line is returned. Undefined when the call does not show the option.
 */
export function locateCallOption(layerSite: SourceLocation, option: string, source?: string): SourceLocation | undefined {
  let text: string;
  try {
    text = source ?? fs.readFileSync(layerSite.file, 'utf8');
  } catch {
    return undefined;
  }
  const at = locateKeyPath(layerSite, [option], text);
  if (!at) return undefined;
  const valueStart = offsetOf(text, at.line, at.column) + option.length;
  // A bare name, or a call of a local helper with no arguments (`init()`): its declaration holds the value.
  const value = /^\s*:\s*([A-Za-z_$][\w$]*)\s*(?:\(\s*\))?\s*(?=[,}\n)/])/.exec(text.slice(valueStart, valueStart + 120));
  if (!value || ['true', 'false', 'null', 'undefined'].includes(value[1])) return at;
  const declaration = new RegExp(`\\b(?:(?:const|let|var)\\s+(${value[1].replace(/\$/g, '\\$')})\\s*(?::[^=]+)?=|function\\s+(${value[1].replace(/\$/g, '\\$')})\\s*\\()`).exec(text);
  const name = declaration?.[1] ?? declaration?.[2];
  return declaration && name ? { file: layerSite.file, ...positionOf(text, declaration.index + declaration[0].indexOf(name)) } : at;
}
