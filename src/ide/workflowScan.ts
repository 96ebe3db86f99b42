// What the workflow CodeLenses read from an experiment's literal: whether it declares a sweep or a
// cross-validation, and the trial or fold count when it is written as a plain number. Text only.
import type { ScannedExperiment } from './experimentScanner';
import { objectEntries } from './sourceScan';

export interface ExperimentWorkflows {
  /** Present when the literal has a `sweep:` key; `trials` only when written as a plain number. */
  sweep?: { trials?: number };
  /** Present when the literal has a `crossValidation:` key; `folds` only when written as a plain number. */
  crossValidation?: { folds?: number };
}

export function experimentWorkflows(text: string, experiment: ScannedExperiment): ExperimentWorkflows {
  const found: ExperimentWorkflows = {};
  const sweep = experiment.entries.find((e) => e.key === 'sweep');
  if (sweep) found.sweep = { trials: plainNumberOf(text, sweep.valueStart, 'trials') };
  const cv = experiment.entries.find((e) => e.key === 'crossValidation');
  if (cv) found.crossValidation = { folds: plainNumberOf(text, cv.valueStart, 'folds') };
  return found;
}

/** The value of `key` in the object literal at `brace` when it is a whole number ≥ 1. */
function plainNumberOf(text: string, brace: number, key: string): number | undefined {
  if (text[brace] !== '{') return undefined;
  const entry = objectEntries(text, brace).find((e) => e.key === key);
  if (!entry) return undefined;
  const literal = text.slice(entry.valueStart, entry.valueEnd).replace(/_/g, '');
  return /^\d+$/.test(literal) && Number(literal) >= 1 ? Number(literal) : undefined;
}
