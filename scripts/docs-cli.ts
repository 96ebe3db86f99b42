// npm run docs:cli: rewrites the README's command reference from the command table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withCliReference } from './readmeCli';

const file = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(file, withCliReference(fs.readFileSync(file, 'utf8')));
console.log(`wrote the command reference of ${path.relative(process.cwd(), file)}`);
