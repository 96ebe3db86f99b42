// What the webview and the Problems panel show about a diagnostic rule, taken from the rule's metadata.
import type { Severity } from './findings';

export interface RuleSummary {
  code: string;
  title: string;
  severity: Severity;
  /** The rule's explanation, paragraphs separated by blank lines. */
  docs: string;
}
