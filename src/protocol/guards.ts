// Checks shared by the parsers of webview messages and saved webview state (untrusted input).
import type { SourceLocation } from '../sdk/types';

export const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096;
export const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** A `{ file, line, column }` with a non-empty file and 1-based positions, or undefined. */
export function parseLocation(value: unknown): SourceLocation | undefined {
  const l = value as Record<string, unknown> | undefined;
  if (!l || typeof l !== 'object' || !isString(l.file) || !isPositiveInt(l.line) || !isPositiveInt(l.column)) return undefined;
  return { file: l.file, line: l.line, column: l.column };
}

/** The `ui` object a webview saves with its state, when it is one. */
export function parseUiState(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
