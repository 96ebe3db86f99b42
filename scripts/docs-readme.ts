// npm run docs:readme: rewrites the README's generated sections (command reference, model-file options).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withGeneratedSections } from './readmeSections';

const file = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(file, withGeneratedSections(fs.readFileSync(file, 'utf8')));
console.log(`wrote the generated sections of ${path.relative(process.cwd(), file)}`);
