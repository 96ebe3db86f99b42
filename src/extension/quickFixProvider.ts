// Quick fixes for Model Lab's diagnostics: each is a WorkspaceEdit (undoable) computed by src/ide/quickFixes.
import * as vscode from 'vscode';
import { quickFixesFor } from '../ide/quickFixes';
import { DIAGNOSTIC_SOURCE, type ProblemsController } from './problems';

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly problems: ProblemsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const text = document.getText();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? '');
      const shown = this.problems.findingAt(document.uri.fsPath, code, diagnostic.range.start.line);
      if (!shown) continue;
      const fixes = quickFixesFor(text, {
        code,
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        evidence: shown.finding.evidence,
      });
      for (const fix of fixes) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
        actions.push(action);
      }
    }
    return actions;
  }
}
