// Finds where in the user's code a call was made, from a (source-mapped) stack trace.
import type { SourceLocation } from './types';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEngineFile } from '../paths';

/**
 * Files that belong to Model Lab itself or to node_modules never count as the user's call site, nor do paths
 * that are not on disk (a library's source-mapped sources, such as tfjs-layers' src/errors.ts).
 */
function isUserFrame(file: string): boolean {
  if (file.startsWith('node:') || file.includes(`${path.sep}node_modules${path.sep}`)) return false;
  if (isEngineFile(file)) return false;
  return path.isAbsolute(file) && fs.existsSync(file);
}

/** `at fn (/path/file.ts:12:5)` or `at /path/file.ts:12:5`: the path must open the location (not `node:internal/…`). */
const FRAME = /(?:\(|\bat )((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/;

/** The first stack frame outside Model Lab and node_modules, or undefined. */
export function userCallSite(stack: string | undefined = new Error().stack): SourceLocation | undefined {
  if (!stack) return undefined;
  for (const raw of stack.split('\n').slice(1)) {
    const m = FRAME.exec(raw.trim());
    if (!m) continue;
    const file = m[1].startsWith('file://') ? m[1].slice('file://'.length) : m[1];
    if (!isUserFrame(file)) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}
