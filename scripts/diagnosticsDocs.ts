// Renders docs/diagnostics.md from the rules' own metadata, so the documentation cannot drift from
// the code (a test checks the file is current; `npm run docs:diagnostics` rewrites it).
import type { Rule } from '../src/engine/diagnostics/types';

export function renderDiagnosticsDocs(rules: Rule<object>[]): string {
  const phases: { phase: 'static' | 'training'; title: string; intro: string }[] = [
    { phase: 'static', title: 'Before training', intro: 'Checked once on the model, the loss and the data, before the first step.' },
    { phase: 'training', title: 'While training', intro: 'Checked at every probe and every epoch end on the recorded statistics; reported once, when first seen.' },
  ];
  const lines = [
    '# Diagnostics',
    '',
    'Generated from the rules\' metadata by `npm run docs:diagnostics`; do not edit by hand.',
    '',
    'Each rule reports a finding with its code, severity, a message with the numbers, the layer or setting it points at',
    '(its source line), when it was first seen, and fixes in order of likelihood. Options can be changed per experiment,',
    "or a rule turned off: `diagnostics: { 'dead-relu': { threshold: 0.6 }, 'class-imbalance': 'off' }`.",
    '',
    '| code | severity | when | what |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| [\`${r.meta.code}\`](#${r.meta.code}) | ${r.meta.defaultSeverity} | ${r.meta.phase === 'static' ? 'before training' : 'training'} | ${r.meta.title} |`),
  ];
  for (const { phase, title, intro } of phases) {
    lines.push('', `## ${title}`, '', intro);
    for (const r of rules.filter((x) => x.meta.phase === phase)) {
      lines.push('', `### ${r.meta.code}`, '', `**${r.meta.title}** (${r.meta.defaultSeverity})`, '', r.meta.docs.trim(), '');
      const options = Object.entries(r.meta.defaultOptions);
      if (options.length > 0) lines.push('Options (defaults): ' + options.map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``).join(', '), '');
      lines.push('Fixes, most likely first:', '', ...r.meta.fixes.map((f, i) => `${i + 1}. ${f}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
