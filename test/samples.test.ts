// Every sample trains, and reports exactly the diagnostics it should: the faulty ones their fault,
// the healthy ones nothing (samples/diagnostics-expectations.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCases, runCases } from '../scripts/diagnosticsEval';

test('each sample reports what it should and nothing else', { timeout: 15 * 60_000 }, async () => {
  const results = await runCases(loadCases());
  const wrong: string[] = [];
  for (const r of results) {
    const found = [...new Set(r.found.map((f) => f.code))].sort();
    const expected = [...r.expected!].sort();
    if (r.status === 'error' || found.join() !== expected.join()) {
      wrong.push(`${path.basename(r.file)}: expected [${expected.join(', ')}], found [${found.join(', ')}]${r.error ? ` (${r.status}: ${r.error})` : ''}`);
    }
  }
  assert.deepEqual(wrong, []);
});
