// What the webview and the Problems panel show about a diagnostic rule, taken from the rule's metadata.
import { ALL_RULES } from '../engine/diagnostics/rules/index';
import type { Severity } from '../engine/diagnostics/types';

export interface RuleSummary {
  code: string;
  title: string;
  severity: Severity;
  /** The rule's explanation, paragraphs separated by blank lines. */
  docs: string;
}

export function ruleSummaries(): RuleSummary[] {
  return ALL_RULES.map((r) => ({ code: r.meta.code, title: r.meta.title, severity: r.meta.defaultSeverity, docs: r.meta.docs }));
}
