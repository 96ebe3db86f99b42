// Errors for bad input: each says what is wrong and where (file:line:column, layer).
import type { SourceLocation } from '../../sdk/types';

export type LoadErrorCode =
  | 'file-not-found' | 'syntax' | 'module-threw' | 'no-experiment' | 'unknown-experiment'
  | 'bad-config' | 'model-threw' | 'not-a-model' | 'shape-mismatch' | 'data-error'
  | 'unknown-optimizer' | 'unknown-loss' | 'unknown-metric' | 'unknown-dataset' | 'backend-unavailable';

/** Bad input from the user's model file: the CLI exits 2 and no run is recorded. */
export class LoadError extends Error {
  constructor(readonly code: LoadErrorCode, message: string, readonly location?: SourceLocation, readonly details?: string) {
    super(message);
    this.name = 'LoadError';
  }
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}

/** "file:line:col: message" — the form editors and terminals turn into links. */
export function formatLoadError(err: { message: string; location?: SourceLocation; details?: string }): string {
  const where = formatLocation(err.location);
  const head = where ? `${where}: ${err.message}` : err.message;
  return err.details ? `${head}\n${err.details}` : head;
}
