import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { getApi, log, safeJson, waitFor, withTimeout, workspaceRoot } from './helpers';

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

    test('a typo in a key: the load error is in the Problems panel on that key\'s line, and goes once the file is edited', async () => {
      const api = await getApi();
      const file = path.join(workspaceRoot(), 'broken', 'typo.model.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const text = [
        "import * as tf from '@tensorflow/tfjs';",
        "import { experiment, datasets } from 'modellab';",
        'export const typo = experiment({',
        "  name: 'typo',",
        '  data: datasets.iris({ validationSplit: 0.2 }),',
        "  model: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: 'softmax' })] }),",
        "  loss: 'categoricalCrossentropy',",
        '  epochz: 3,',
        '});',
        '',
      ].join('\n');
      fs.writeFileSync(file, text);
      const started = await api.train({ file });
      const outcome = await withTimeout(started.done, 60_000, 'the outcome of typo.model.ts');
      assert.equal(outcome.kind, 'load-error', safeJson(outcome).slice(0, 300));
      const uri = vscode.Uri.file(file);
      const problems = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Model Lab');
      log(`typo.model.ts problems: ${problems.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).join(' | ')}`);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].range.start.line, 7, 'on the line of epochz');
      assert.match(problems[0].message, /unknown key 'epochz' — did you mean 'epochs'\?/);
      assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
      const document = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(7, 2, 7, 8), 'epochs');
      await vscode.workspace.applyEdit(edit);
      assert.equal(document.lineAt(7).text.trim(), 'epochs: 3,');
      await waitFor('the problem to go once its file is edited', () => vscode.languages.getDiagnostics(uri).every((d) => d.source !== 'Model Lab'), 10_000);
      await document.save();
    });
  });
}
