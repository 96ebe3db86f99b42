// Turns recorded runs (.modellab/runs/<id>/{run.json,events.jsonl}) into small preview/test fixtures:
// numbers rounded to 4 significant digits, so a real run fits in a few tens of KB.
// Usage: node webview/dev/make-fixtures.mjs <runDir> <fixtureName>[:epochs] [...]
// ':epochs' keeps only the per-epoch events (enough for a compare view).
// Workflow views (previews of the LR finder, sweeps, cross-validations):
//   node webview/dev/make-fixtures.mjs --lr-find <output of `modellab lr-find --json`> <fixtureName>
//   node webview/dev/make-fixtures.mjs --group <runsDir> <groupId> <fixtureName>
// A group fixture is the group record plus each member run's record and per-epoch metrics, so the
// preview can also show the group part-way (trials finished, training, not started).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const round = (value) => {
  if (typeof value === 'number') return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(4)) : value;
  if (Array.isArray(value)) return value.map(round);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
};

const args = process.argv.slice(2);
const readJsonLines = (file) => readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
const save = (name, value) => {
  const out = join('webview/dev/fixtures', `${name}.json`);
  const text = JSON.stringify(round(value)).replaceAll(process.cwd() + '/', '');
  writeFileSync(out, text);
  console.log(out, `${(text.length / 1024).toFixed(0)} KB`);
};
if (args[0] === '--lr-find') {
  save(args[2], { events: readJsonLines(args[1]) });
  process.exit(0);
}
if (args[0] === '--group') {
  const [, runsDir, groupId, name] = args;
  const group = JSON.parse(readFileSync(join(runsDir, '.groups', `${groupId}.json`), 'utf8'));
  const runs = group.members.map((m) => {
    const dir = join(runsDir, m.runId);
    const epochs = readJsonLines(join(dir, 'events.jsonl')).filter((e) => e.type === 'epoch').map((e) => e.metrics);
    return { record: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')), epochs };
  });
  save(name, { group, runs });
  process.exit(0);
}
for (let i = 0; i + 1 < args.length; i += 2) {
  const dir = args[i];
  const [name, mode] = args[i + 1].split(':');
  const record = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
  const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line))
    .filter((event) => mode !== 'epochs' || !['batch', 'probe'].includes(event.type));
  const out = join('webview/dev/fixtures', `${name}.json`);
  // Run records hold absolute paths of this machine; keep them relative to the repository.
  const text = JSON.stringify(round({ record, events })).replaceAll(process.cwd() + '/', '');
  writeFileSync(out, text);
  console.log(out, `${(text.length / 1024).toFixed(0)} KB`, `${events.length} events`);
}
