// Model files are code: Model Lab runs them only in a trusted workspace. One check for every command that would.
import * as vscode from 'vscode';

export class RestrictedModeError extends Error {
  constructor() {
    super('Model Lab does not train in Restricted Mode: training runs the model files of this workspace as code. Trust the workspace to train; past runs and their dashboards stay available.');
  }
}

/** True in a trusted workspace; else says why not (with `also`, what else it covers), offers to manage trust, and is false. */
export async function trustedOrExplain(also = ''): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(`${new RestrictedModeError().message}${also ? ` ${also}` : ''}`, 'Manage Workspace Trust');
  if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

/** For the engines behind the commands: refuses to start outside a trusted workspace. */
export function requireTrust(): void {
  if (!vscode.workspace.isTrusted) throw new RestrictedModeError();
}
