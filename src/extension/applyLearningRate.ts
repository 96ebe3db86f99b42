// The range test's "apply": writes the learning rate into the experiment's optimizer as an undoable
// WorkspaceEdit and shows the changed line. The edit itself is src/ide/quickFixes' setLearningRate.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setLearningRate } from '../ide/quickFixes';

export async function applyLearningRate(file: string, experiment: string | undefined, learningRate: number): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const edit = setLearningRate(document.getText(), experiment, learningRate);
  if (!edit) {
    void vscode.window.showWarningMessage(
      `Model Lab cannot write the learning rate into ${experiment ?? 'the experiment'} in ${path.basename(file)}: its optimizer is written as code (a function, a tf.train.* instance or a variable), not as a name or an object literal. Set it to ${Number(learningRate.toPrecision(3))} by hand.`,
    );
    return false;
  }
  const range = new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end));
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(document.uri, range, edit.newText);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) {
    void vscode.window.showErrorMessage(`Model Lab could not edit ${path.basename(file)}.`);
    return false;
  }
  const start = document.positionAt(edit.start);
  const end = document.positionAt(edit.start + edit.newText.length);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(start, end) });
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}
