// Rule settings of an experiment (`diagnostics: { 'dead-relu': { threshold: 0.6 }, 'class-imbalance': 'off' }`): checked, and merged with each rule's defaults.
import type { Rule } from './types';

export type RuleSettings = Record<string, 'off' | Record<string, number | boolean>>;

/** Rule options: the rule's defaults with the experiment's overrides; unknown codes are caught at setup. */
export function resolveRuleOptions(rule: Rule<object>, settings: RuleSettings | undefined): object | undefined {
  const override = settings?.[rule.meta.code];
  if (override === 'off') return undefined;
  return { ...rule.meta.defaultOptions, ...(override ?? {}) };
}

export function validateRuleSettings(rules: Rule<object>[], settings: RuleSettings | undefined): void {
  if (!settings) return;
  const codes = rules.map((r) => r.meta.code);
  for (const [code, value] of Object.entries(settings)) {
    const rule = rules.find((r) => r.meta.code === code);
    if (!rule) throw new Error(`diagnostics: unknown rule '${code}'. Rules: ${codes.join(', ')}`);
    if (value === 'off') continue;
    if (typeof value !== 'object' || value === null) throw new Error(`diagnostics['${code}'] must be 'off' or an options object like ${JSON.stringify(rule.meta.defaultOptions)}`);
    for (const key of Object.keys(value)) {
      if (!(key in (rule.meta.defaultOptions as object))) throw new Error(`diagnostics['${code}']: unknown option '${key}'. Options: ${Object.keys(rule.meta.defaultOptions).join(', ') || 'none'}`);
    }
  }
}
