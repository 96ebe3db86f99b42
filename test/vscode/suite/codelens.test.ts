import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeLenses, getApi, lensTitles, lineOf, openFile, sampleFile, waitFor, workspaceRoot } from './helpers';

export function codeLensSuite(): void {
  suite('CodeLens', () => {
    test('a model file shows "▶ Train this model" and "Train with…" on the line of experiment(', async () => {
      await getApi();
      const file = sampleFile('digits-mlp.model.ts');
      const editor = await openFile(file);
      const line = lineOf(editor.document.getText(), /\bexperiment\s*\(/);
      const lenses = await waitFor(
        'the Train lenses of digits-mlp.model.ts',
        async () => {
          const ls = await codeLenses(editor.document.uri);
          return ls.some((l) => /Train this model/.test(l.command?.title ?? '')) ? ls : undefined;
        },
        30_000,
        500,
      );
      const train = lenses.find((l) => /Train this model/.test(l.command?.title ?? ''));
      assert.ok(train, `no "Train this model" lens: ${lensTitles(lenses)}`);
      assert.match(train.command!.title, /▶\s*Train this model/, `title: ${train.command!.title}`);
      assert.equal(train.range.start.line, line, `"Train this model" lens on line ${train.range.start.line}, experiment( is on line ${line}`);
      const trainWith = lenses.find((l) => /Train with/.test(l.command?.title ?? ''));
      assert.ok(trainWith, `no "Train with…" lens: ${lensTitles(lenses)}`);
      assert.equal(trainWith.range.start.line, line, `"Train with…" lens on line ${trainWith.range.start.line}, expected ${line}`);
      assert.ok(train.command!.command.startsWith('modelLab.'), `lens command ${train.command!.command}`);
    });

    test('a TypeScript file without experiment( has no Train lens', async () => {
      await getApi();
      const file = path.join(workspaceRoot(), 'plain.ts');
      fs.writeFileSync(file, 'export const x = 1;\n');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const lenses = (await codeLenses(doc.uri)).filter((l) => /Train/.test(l.command?.title ?? ''));
      assert.equal(lenses.length, 0, `unexpected lenses: ${lensTitles(lenses)}`);
    });
  });
}
