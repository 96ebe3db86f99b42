import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getApi, log, safeJson, withTimeout, workspaceRoot } from './helpers';

const BROKEN: Record<string, string> = {
  'broken-syntax.model.ts': `import { experiment, datasets } from 'modellab';\nexport const broken = experiment({ name: 'broken-syntax', data: datasets.iris( ;\n`,
  'broken-throws.model.ts': `import { experiment } from 'modellab';\nthrow new Error('this model file throws on purpose');\nexport const x = experiment({} as never);\n`,
};

export function errorsSuite(): void {
  suite('Model file errors', () => {
    for (const [name, text] of Object.entries(BROKEN)) {
      test(`${name}: train reports the error and records nothing`, async () => {
        const api = await getApi();
        const file = path.join(workspaceRoot(), 'broken', name);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        const runsBefore = api.listRuns().length;
        let how = '';
        try {
          const started = await api.train({ file });
          const outcome = await withTimeout(started.done, 60_000, `the outcome of ${name}`);
          assert.equal(outcome.kind, 'load-error', `expected a load-error, got ${safeJson(outcome).slice(0, 400)}`);
          if (outcome.kind === 'load-error') how = `load-error ${outcome.error.code}: ${outcome.error.message}`;
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          how = `train() rejected: ${e instanceof Error ? e.message : String(e)}`;
        }
        log(`${name}: ${how.slice(0, 300)}`);
        assert.ok(how, 'no error reported');
        await new Promise((r) => setTimeout(r, 500));
        const recorded = api.listRuns().filter((r) => r.file && path.resolve(r.file) === file);
        assert.deepEqual(recorded.map((r) => r.runId), [], `runs recorded for ${name}`);
        assert.equal(api.listRuns().length, runsBefore, 'the number of runs changed');
      });
    }
  });
}
