// What the run's findings say at its end: findings that stopped holding are marked resolved (with the epoch),
// and a symptom that a cause explains is folded into that cause (it names the cause, and takes the cause's
// fixes: "use a larger model" must not stand beside "the gradient vanishes through your 9 layers").
import { resolveRuleOptions, type RuleSettings } from './ruleOptions';
import type { Finding, Rule, TrainingTrace } from './types';

/**
 * Findings that describe a symptom (the model does not learn) rather than a cause. When a rule has
 * already named a cause (dead units, vanishing gradients, raw targets, a learning rate out of range…),
 * repeating "underfitting" adds noise, not information: these are held back while training, and folded
 * into their cause at the end.
 */
export const SYMPTOM_CODES = new Set(['underfitting', 'loss-plateau']);

/** A symptom that does not itself name its cause's layer (underfitting pointing at a 90 % dropout layer does). */
export function isBareSymptom(f: Finding): boolean {
  return SYMPTOM_CODES.has(f.code) && f.target.kind !== 'layer';
}

/** "vanishing-gradient (layer dense_1, line 12)". */
function where(f: Finding): string {
  const place = [f.layer && `layer ${f.layer}`, f.location?.line !== undefined && `line ${f.location.line}`].filter(Boolean).join(', ');
  return place ? `${f.code} (${place})` : f.code;
}

/** The cause that explains a symptom: the first standing finding (in rule order) whose rule lists the symptom. */
export function causeOf(symptom: Finding, findings: readonly Finding[], rules: readonly Rule<object>[]): Finding | undefined {
  for (const rule of rules) {
    if (!rule.meta.explains?.includes(symptom.code)) continue;
    const cause = findings.find((f) => f !== symptom && f.code === rule.meta.code && !f.resolved);
    if (cause) return cause;
  }
  return undefined;
}

/** Marks resolved findings and folds symptoms into their causes, in place (the run's final list). */
export function settleFindings(findings: Finding[], trace: TrainingTrace, rules: readonly Rule<object>[], settings?: RuleSettings): void {
  for (const finding of findings) {
    const rule = rules.find((r) => r.meta.code === finding.code);
    const options = rule && resolveRuleOptions(rule, settings);
    if (!rule?.resolve || !options || finding.resolved) continue;
    const resolved = rule.resolve(trace, finding, options);
    if (resolved) finding.resolved = resolved;
  }
  for (const finding of findings) {
    if (!isBareSymptom(finding) || finding.resolved || finding.explainedBy) continue;
    const cause = causeOf(finding, findings, rules);
    if (!cause) continue;
    finding.explainedBy = { code: cause.code, ...(cause.location?.line !== undefined ? { line: cause.location.line } : {}), ...(cause.layer ? { layer: cause.layer } : {}) };
    finding.message = `${finding.message} The cause is ${where(cause)}: fix that first.`;
    finding.fixes = [`Fix ${where(cause)} first: ${cause.fixes[0] ?? cause.message}`, ...cause.fixes.slice(1)];
  }
}
