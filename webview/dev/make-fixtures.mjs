// Turns recorded runs (.modellab/runs/<id>/{run.json,events.jsonl}) into small preview/test fixtures:
// numbers rounded to 4 significant digits and weight/gradient histograms dropped (the dashboard does
// not draw them), so a real run fits in a few tens of KB.
// Usage: node webview/dev/make-fixtures.mjs <runDir> <fixtureName>[:epochs] [...]
// ':epochs' keeps only the per-epoch events (enough for a compare view).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const round = (value) => {
  if (typeof value === 'number') return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(4)) : value;
  if (Array.isArray(value)) return value.map(round);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
};

const args = process.argv.slice(2);
for (let i = 0; i + 1 < args.length; i += 2) {
  const dir = args[i];
  const [name, mode] = args[i + 1].split(':');
  const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
  const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .filter((event) => mode !== 'epochs' || !['batch', 'probe'].includes(event.type))
    .map((event) => {
      if (event.type !== 'probe') return event;
      const { weightHistograms, gradientHistograms, ...rest } = event;
      return rest;
    });
  const out = join('webview/dev/fixtures', `${name}.json`);
  // Run records hold absolute paths of this machine; keep them relative to the repository.
  const text = JSON.stringify(round({ record, events })).replaceAll(process.cwd() + '/', '');
  writeFileSync(out, text);
  console.log(out, `${(text.length / 1024).toFixed(0)} KB`, `${events.length} events`);
}
