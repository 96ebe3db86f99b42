// Finds the `experiment({...})` calls of a model file from its text, for CodeLenses, quick fixes and the
// tree. Text only: the file is not run (it may be in an untrusted workspace, or half-typed).
import { callAt, objectArgument, objectEntries, positionOf, skipNonCode, type CallSpan, type ObjectEntry } from './sourceScan';

export interface ScannedExperiment {
  /** The `name:` given in the literal, when it is a plain string. */
  name?: string;
  /** The variable it is exported or assigned as (`export const digits = experiment(...)`). */
  exportName?: string;
  /** 1-based position of `experiment` in the call. */
  line: number;
  column: number;
  call: CallSpan;
  /** The `{` of the config literal, and its first-level entries. */
  literal?: number;
  entries: ObjectEntry[];
}

/** What to pass to the engine to pick this experiment: its name, else its export name. */
export function experimentKey(e: ScannedExperiment): string | undefined {
  return e.name ?? e.exportName;
}

/** A cheap test before scanning: could this text define an experiment? */
export function mayDefineExperiments(text: string): boolean {
  return text.includes('experiment(') || text.includes('experiment (');
}

export function scanExperiments(text: string): ScannedExperiment[] {
  const found: ScannedExperiment[] = [];
  if (!mayDefineExperiments(text)) return found;
  for (let i = 0; i < text.length; i++) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    if (!text.startsWith('experiment', i) || /[\w$]/.test(text[i - 1] ?? '') || /[\w$]/.test(text[i + 10] ?? '')) continue;
    // `function experiment(` or `import { experiment }` are not calls of it.
    const before = text.slice(Math.max(0, i - 12), i);
    if (/function\s+$/.test(before)) continue;
    const call = callAt(text, i);
    if (!call || !/^(?:[\w$]+\.)?experiment$/.test(call.callee)) continue;
    const literal = objectArgument(text, call);
    const entries = literal === undefined ? [] : objectEntries(text, literal);
    const nameEntry = entries.find((e) => e.key === 'name');
    const nameMatch = nameEntry ? /^(['"`])([^'"`\\$]*)\1$/.exec(text.slice(nameEntry.valueStart, nameEntry.valueEnd)) : null;
    const assigned = /(?:^|[\s;])(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;]+)?=\s*$/.exec(text.slice(Math.max(0, call.start - 200), call.start));
    const isDefault = /export\s+default\s+$/.test(text.slice(Math.max(0, call.start - 40), call.start));
    const { line, column } = positionOf(text, call.start);
    found.push({ name: nameMatch?.[2], exportName: assigned?.[1] ?? (isDefault ? 'default' : undefined), line, column, call, literal, entries });
    i = call.close;
  }
  return found;
}

/** The experiment whose call contains `offset`. */
export function experimentAt(experiments: ScannedExperiment[], offset: number): ScannedExperiment | undefined {
  return experiments.find((e) => e.call.start <= offset && offset <= e.call.close);
}
