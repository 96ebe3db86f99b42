// Every rule's metadata as the webview and the Problems panel show it.
import type { RuleSummary } from '../../protocol/rules';
import { ALL_RULES } from './rules/index';

export function ruleSummaries(): RuleSummary[] {
  return ALL_RULES.map((r) => ({ code: r.meta.code, title: r.meta.title, severity: r.meta.defaultSeverity, docs: r.meta.docs }));
}
