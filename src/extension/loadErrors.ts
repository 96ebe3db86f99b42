// A model file that cannot train (a typo in a key, a wrong type, a model function that throws) gets its error in
// the Problems panel on the line that causes it, as a compiler error would, until the file is edited or trains.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './problems';
import type { TrainingManager } from './trainingManager';

export class LoadErrorProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('modelLab.loadErrors');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(training: TrainingManager) {
    this.disposables.push(
      training.onDidEnd(({ run, outcome }) => {
        if (outcome.kind !== 'load-error') return;
        const { location, message, code } = outcome.error;
        const file = location?.file ?? run.file;
        const line = Math.max(0, (location?.line ?? 1) - 1);
        const column = Math.max(0, (location?.column ?? 1) - 1);
        const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = code;
        this.collection.set(vscode.Uri.file(file), [diagnostic]);
      }),
      training.onDidEvent(({ file, event }) => event.type === 'run-started' && this.collection.delete(vscode.Uri.file(file))),
      // Being fixed: the next train says whether it is.
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.collection.has(e.document.uri) && this.collection.delete(e.document.uri)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
