// npm run docs:diagnostics: rewrites docs/diagnostics.md from the rules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../src/engine/diagnostics/rules/index';
import { renderDiagnosticsDocs } from './diagnosticsDocs';

const file = path.join(__dirname, '..', 'docs', 'diagnostics.md');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, renderDiagnosticsDocs(ALL_RULES));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
