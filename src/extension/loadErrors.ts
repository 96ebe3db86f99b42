// A model file that cannot train (a typo in a key, a wrong type, a model function that throws) gets its error in
// the Problems panel on the line that causes it, as a compiler error would, until the file is edited or trains.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './problems';
import type { TrainingManager } from './trainingManager';
import type { WorkflowSessions } from './workflowSessions';

export class LoadErrorProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('modelLab.loadErrors');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(training: TrainingManager, sessions?: WorkflowSessions) {
    this.disposables.push(
      training.onDidEnd(({ run, outcome }) => {
        if (outcome.kind === 'load-error') this.show(run.file, outcome.error);
      }),
      // A range test, sweep or cross-validation whose model file cannot load (its CLI process said where).
      ...(sessions ? [sessions.onDidChange((s) => s.status === 'failed' && s.error?.location && this.show(s.file, s.error))] : []),
      training.onDidEvent(({ file, event }) => event.type === 'run-started' && this.collection.delete(vscode.Uri.file(file))),
      // Being fixed: the next train says whether it is.
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.collection.has(e.document.uri) && this.collection.delete(e.document.uri)),
    );
  }

  private show(file: string, error: { message: string; code?: string; location?: { file: string; line: number; column: number } }): void {
    const { location, message, code } = error;
    const line = Math.max(0, (location?.line ?? 1) - 1);
    const column = Math.max(0, (location?.column ?? 1) - 1);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    if (code) diagnostic.code = code;
    this.collection.set(vscode.Uri.file(location?.file ?? file), [diagnostic]);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
