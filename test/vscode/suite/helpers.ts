// Helpers shared by the scenarios: the extension's API, workspace files, polling with clear messages.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLabApi, StartedTraining } from '../../../src/extension/api';

export const EXTENSION_ID = 'modellab.modellab';

export type Outcome = Awaited<StartedTraining['done']>;

let api: ModelLabApi | undefined;

export async function getApi(): Promise<ModelLabApi> {
  if (api) return api;
  const ext = vscode.extensions.getExtension<ModelLabApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')})`);
  api = await ext.activate();
  assert.ok(api && typeof api.train === 'function', `activate() of ${EXTENSION_ID} did not return the ModelLabApi (got ${typeof api})`);
  return api;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open (the launcher opens a copy of samples/)');
  return folder.uri.fsPath;
}

export function sampleFile(rel: string): string {
  const file = path.join(workspaceRoot(), rel);
  assert.ok(fs.existsSync(file), `${file} is missing from the test workspace`);
  return file;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      last = value;
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > until) {
      const detail = lastError ? `last error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : `last value: ${safeJson(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${detail})`);
    }
    await sleep(everyMs);
  }
}

export function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 1500 ? s.slice(0, 1500) + '…' : s;
  } catch {
    return String(v);
  }
}

/** 0-based line of the first occurrence of `needle` in the file's text. */
export function lineOf(text: string, needle: string | RegExp): number {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
  assert.ok(i >= 0, `${String(needle)} not found in the file`);
  return i;
}

export async function openFile(file: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc, { preview: false });
}

export async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses;
}

export function lensTitles(lenses: vscode.CodeLens[]): string {
  return safeJson(lenses.map((l) => `${l.range.start.line}: ${l.command?.title ?? '(unresolved)'}`));
}

/** Starts a run through the API and waits for its outcome, with a time limit. */
export async function trainAndWait(request: Parameters<ModelLabApi['train']>[0], timeoutMs = 120_000): Promise<{ started: StartedTraining; outcome: Outcome }> {
  const a = await getApi();
  const started = await a.train(request);
  assert.ok(started && typeof started.runId === 'string' && started.runId, `train() returned no runId: ${safeJson(started)}`);
  const outcome = await withTimeout(started.done, timeoutMs, `run ${started.runId} of ${path.basename(request.file)} to end`);
  return { started, outcome };
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  if (typeof c === 'object') return String(c.value);
  return String(c);
}

export function describeDiagnostics(ds: readonly vscode.Diagnostic[]): string {
  return safeJson(ds.map((d) => `${d.source}/${diagnosticCode(d)} @${d.range.start.line}: ${d.message.slice(0, 80)}`));
}

/** Webview tabs of every group, as { label, viewType }. */
export function webviewTabs(): { label: string; viewType: string }[] {
  const out: { label: string; viewType: string }[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputWebview) out.push({ label: tab.label, viewType: tab.input.viewType });
    }
  }
  return out;
}

export function log(...args: unknown[]): void {
  console.log('[modellab-suite]', ...args);
}
