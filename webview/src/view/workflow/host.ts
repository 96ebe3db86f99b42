// The workflow view's side of the VS Code API, typed with the workflow protocol.
import type { WorkflowState, WorkflowToHost } from '../../../../src/protocol/workflow';
import { api } from '../vscode';

export function post(message: WorkflowToHost): void {
  api.postMessage(message);
}

/** The saved sort and metric choices, when the saved state is this same group's. */
export function loadUi(kind: WorkflowState['kind'], groupId: string): Record<string, unknown> {
  const s = api.getState() as Partial<WorkflowState> | undefined;
  return s && s.kind === kind && s.groupId === groupId && typeof s.ui === 'object' && s.ui !== null ? { ...s.ui } : {};
}

export function saveState(state: WorkflowState): void {
  api.setState(state);
}
