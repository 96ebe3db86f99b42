import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describeDiagnostics, diagnosticCode, getApi, lineOf, log, openFile, safeJson, sampleFile, trainAndWait, waitFor } from './helpers';

export function diagnosticsSuite(): void {
  suite('Diagnostics and quick fix', () => {
    const rel = 'faulty/dead-relu.model.ts';
    let diagnostic: vscode.Diagnostic | undefined;
    let expectedLine = -1;

    test('training faulty/dead-relu.model.ts puts a dead-relu diagnostic on the first tf.layers.dense( line', async () => {
      await getApi();
      const file = sampleFile(rel);
      const editor = await openFile(file);
      const uri = editor.document.uri;
      expectedLine = lineOf(editor.document.getText(), 'tf.layers.dense(');
      const t0 = Date.now();
      const { outcome } = await trainAndWait({ file }, 180_000);
      log(`dead-relu: ${((Date.now() - t0) / 1000).toFixed(1)} s, outcome kind ${outcome.kind}${outcome.kind === 'finished' ? `, status ${outcome.finished.status}, findings ${safeJson(outcome.finished.diagnostics.map((d) => d.code))}` : ''}`);
      assert.equal(outcome.kind, 'finished', `outcome: ${safeJson(outcome)}`);
      diagnostic = await waitFor(
        `a Model Lab dead-relu diagnostic in ${rel}`,
        () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Model Lab' && diagnosticCode(d) === 'dead-relu'),
        20_000,
      );
      const all = vscode.languages.getDiagnostics(uri);
      log(`diagnostics of ${rel}: ${describeDiagnostics(all)}`);
      assert.equal(diagnostic.range.start.line, expectedLine, `dead-relu on line ${diagnostic.range.start.line}, the first tf.layers.dense( is on line ${expectedLine}; all: ${describeDiagnostics(all)}`);
    });

    test('the quick fix edits the layer as its title says and the diagnostic clears', async () => {
      assert.ok(diagnostic, 'no diagnostic from the previous test');
      const editor = await openFile(sampleFile(rel));
      const doc = editor.document;
      const before = doc.getText();
      const lineBefore = doc.lineAt(expectedLine).text;
      const actions =
        (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range)) ?? [];
      const fixes = actions.filter(
        (a): a is vscode.CodeAction => 'edit' in a && !!a.edit && (a.diagnostics?.some((d) => diagnosticCode(d) === 'dead-relu') ?? /relu|bias|init/i.test(a.title)),
      );
      log(`code actions: ${safeJson(actions.map((a) => ('kind' in a ? `${a.kind?.value ?? ''} ${a.title}` : a.title)))}`);
      assert.ok(fixes.length > 0, `no quick fix with an edit for dead-relu; actions: ${safeJson(actions.map((a) => a.title))}`);
      const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
      const applied = await vscode.workspace.applyEdit(fix.edit!);
      assert.ok(applied, `applyEdit of "${fix.title}" returned false`);
      const after = doc.getText();
      assert.notEqual(after, before, `"${fix.title}" did not change the file`);
      const lineAfter = doc.lineAt(expectedLine).text;
      log(`fix "${fix.title}":\n  before: ${lineBefore.trim()}\n  after:  ${lineAfter.trim()}`);
      const title = fix.title;
      let checked = false;
      if (/bias/i.test(title)) {
        assert.ok(!/constant\(\{\s*value:\s*-6\s*\}\)/.test(after), `"${title}" left the negative bias initializer: ${lineAfter.trim()}`);
        checked = true;
      }
      if (/leaky/i.test(title)) {
        assert.match(after, /leakyReLU|leakyRelu|leaky_relu/i, `"${title}" did not set leaky ReLU: ${lineAfter.trim()}`);
        checked = true;
      }
      if (/\bhe\b|heNormal|heUniform|He init/i.test(title) && !checked) {
        assert.match(after, /he(Normal|Uniform)/, `"${title}" did not set a He initializer`);
        checked = true;
      }
      if (!checked) assert.notEqual(lineAfter, lineBefore, `"${title}" did not change the diagnostic's line`);
      await waitFor(
        `the dead-relu diagnostic to clear after "${title}"`,
        () => !vscode.languages.getDiagnostics(doc.uri).some((d) => diagnosticCode(d) === 'dead-relu' && d.range.start.line === expectedLine) || undefined,
        15_000,
      );
      await doc.save();
    });
  });
}
