// Where a finding goes in the editor: a 0-based range on the line of the layer call or config key it
// points at, and how that range follows (or is dropped by) later edits of the file.
import { callAt, offsetOf, positionOf } from './sourceScan';

export interface LineRange {
  /** 0-based, end exclusive. */
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/**
 * The range for a 1-based source location: the callee of a layer call (`tf.layers.dense`) or the key
 * of a config entry (`optimizer`) through the end of that line's code, so the squiggle marks the line
 * that causes the problem without underlining a whole multi-line model.
 */
export function rangeForLocation(text: string, line: number, column: number): LineRange {
  const lines = text.split('\n');
  const lineIndex = Math.min(Math.max(line - 1, 0), Math.max(lines.length - 1, 0));
  const lineText = (lines[lineIndex] ?? '').replace(/\r$/, '');
  let start = Math.min(Math.max(column - 1, 0), lineText.length);
  const call = callAt(text, offsetOf(text, lineIndex + 1, start + 1));
  if (call) {
    const callStart = positionOf(text, call.start);
    if (callStart.line === lineIndex + 1) start = callStart.column - 1;
  }
  // Underline to the end of the line's code, trailing comment, comma and spaces excluded.
  let end = lineText.replace(/\s*\/\/.*$/, '').replace(/[\s,]+$/, '').length;
  if (end <= start) end = Math.max(start + 1, lineText.length);
  return { startLine: lineIndex, startCharacter: start, endLine: lineIndex, endCharacter: end };
}

export interface TextChange {
  /** The replaced range, in the document before the change (0-based). */
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  /** The new text. */
  text: string;
}

/**
 * The range after a change: shifted when the change is above it, unchanged when below, and undefined
 * (the diagnostic goes) when the change touches its lines, since the line that caused it was edited.
 */
export function adjustRange(range: LineRange, change: TextChange): LineRange | undefined {
  if (change.startLine > range.endLine) return range;
  if (change.endLine < range.startLine) {
    const added = change.text.split('\n').length - 1;
    const removed = change.endLine - change.startLine;
    const delta = added - removed;
    return delta === 0 ? range : { ...range, startLine: range.startLine + delta, endLine: range.endLine + delta };
  }
  return undefined;
}
