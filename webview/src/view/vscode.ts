// The webview side of the VS Code API, typed with the dashboard protocol.
import type { DashboardState, DashboardToHost } from '../../../src/protocol/dashboard';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per page; views with their own protocol (the workflow view) share it.
export const api: VsCodeApi = acquireVsCodeApi();

export function post(message: DashboardToHost): void {
  api.postMessage(message);
}

export function loadState(): Partial<DashboardState> | undefined {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<DashboardState>) : undefined;
}

export function saveState(state: DashboardState): void {
  api.setState(state);
}
