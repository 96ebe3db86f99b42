// Just enough of a JavaScript/TypeScript scanner to edit model files safely: matching brackets, calls and
// the first-level entries of object literals, all aware of strings, template literals and comments.
// Quick fixes and CodeLenses need no more than this, and it keeps the TypeScript compiler out of the
// extension's bundle.
import { offsetOf, positionOf, skipNonCode } from '../engine';

export { offsetOf, positionOf, skipNonCode };

const OPEN = '([{';
const CLOSE = ')]}';

/** Index of the bracket that closes the one at `open`, or -1. */
export function matchClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    if (OPEN.includes(text[i])) depth++;
    else if (CLOSE.includes(text[i])) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

export interface CallSpan {
  /** Start of the callee expression (`tf` in `tf.layers.dense(...)`). */
  start: number;
  /** The `(` and the matching `)`. */
  open: number;
  close: number;
  /** The callee as written, e.g. `tf.layers.dense`. */
  callee: string;
}

/** The call whose callee ends at or after `offset` (a call site points at the method name). */
export function callAt(text: string, offset: number): CallSpan | undefined {
  let i = offset;
  while (i < text.length && /[\w$.\s]/.test(text[i]) && text[i] !== '\n') i++;
  if (text[i] !== '(') return undefined;
  const close = matchClose(text, i);
  if (close < 0) return undefined;
  let start = offset;
  while (start > 0 && /[\w$.]/.test(text[start - 1])) start--;
  return { start, open: i, close, callee: text.slice(start, i).trim() };
}

/** The `{` of a call's first argument when that argument is an object literal. */
export function objectArgument(text: string, call: CallSpan): number | undefined {
  let i = call.open + 1;
  while (i < call.close) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    return text[i] === '{' ? i : undefined;
  }
  return undefined;
}

export interface ObjectEntry {
  key: string;
  keyStart: number;
  valueStart: number;
  /** End of the value, trailing whitespace excluded. */
  valueEnd: number;
  /** After the entry's comma, or valueEnd for the last entry without one. */
  entryEnd: number;
}

/** The first-level `key: value` entries of the object literal whose `{` is at `brace`. */
export function objectEntries(text: string, brace: number): ObjectEntry[] {
  const close = matchClose(text, brace);
  if (close < 0) return [];
  const entries: ObjectEntry[] = [];
  let i = brace + 1;
  while (i < close) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (/[\s,]/.test(text[i])) {
      i++;
      continue;
    }
    const keyMatch = /^(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*:/.exec(text.slice(i, i + 200));
    // Find the end of this entry: the next comma at depth 0, or the closing brace.
    let j = keyMatch ? i + keyMatch[0].length : i;
    const valueStart = keyMatch ? skipSpace(text, j) : i;
    let entryEnd = close;
    // End of the value's last code character: trailing spaces and comments are not part of it.
    let codeEnd = valueStart;
    for (; j < close; j++) {
      const s = skipNonCode(text, j);
      if (s !== j) {
        if (text[j] !== '/') codeEnd = s; // a string is code; a comment is not
        j = s - 1;
        continue;
      }
      if (OPEN.includes(text[j])) {
        const m = matchClose(text, j);
        if (m < 0) return entries;
        j = m;
        codeEnd = m + 1;
        continue;
      }
      if (text[j] === ',') {
        entryEnd = j + 1;
        break;
      }
      if (!/\s/.test(text[j])) codeEnd = j + 1;
    }
    const valueEnd = Math.max(codeEnd, valueStart);
    if (j >= close) entryEnd = valueEnd;
    if (keyMatch) entries.push({ key: keyMatch[1] ?? keyMatch[2] ?? keyMatch[3], keyStart: i, valueStart, valueEnd, entryEnd });
    i = Math.max(entryEnd, i + 1);
  }
  return entries;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** The whitespace at the start of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Every `tf.layers.xxx(` call inside [from, to), in source order. */
export function layerCalls(text: string, from: number, to: number): CallSpan[] {
  const calls: CallSpan[] = [];
  for (let i = from; i < to; i++) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    // `layers.` as a name of its own or a member (`tf.layers.`), not the tail of `mylayers.`.
    if (text.startsWith('layers.', i) && (text[i - 1] === '.' || !/[\w$]/.test(text[i - 1] ?? ''))) {
      const nameStart = i + 'layers.'.length;
      const call = callAt(text, nameStart);
      if (call && call.close < to) {
        calls.push(call);
        i = call.open;
      }
    }
  }
  return calls;
}
