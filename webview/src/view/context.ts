// What every view of the run dashboard shares: the run, the theme, the user's choices and a way to post.
import type { SourceLocation } from '../../../src/sdk/types';
import type { RuleSummary } from '../../../src/protocol/rules';
import type { RunModel } from '../model/runModel';
import { post } from './vscode';
import type { Theme } from './theme';
import { linkButton } from './dom';

export interface UiChoices {
  /** EMA weight of the per-step loss, 0..0.99. */
  smoothing: number;
  logScale: boolean;
  tab: string;
}

export const DEFAULT_UI: UiChoices = { smoothing: 0.6, logScale: false, tab: 'curves' };

export function parseUi(ui: Record<string, unknown> | undefined): UiChoices {
  const smoothing = typeof ui?.smoothing === 'number' && ui.smoothing >= 0 && ui.smoothing < 1 ? ui.smoothing : DEFAULT_UI.smoothing;
  const logScale = typeof ui?.logScale === 'boolean' ? ui.logScale : DEFAULT_UI.logScale;
  const tab = typeof ui?.tab === 'string' ? ui.tab : DEFAULT_UI.tab;
  return { smoothing, logScale, tab };
}

export interface RunContext {
  model: RunModel;
  theme: Theme;
  ui: UiChoices;
  rules: Map<string, RuleSummary>;
  /** Called after a UI choice changed, to persist it. */
  saveUi(): void;
}

export function reveal(location: SourceLocation): void {
  post({ type: 'reveal-source', location });
}

/** A layer's name as a link to its line in the model file, or plain text when its line is unknown. */
export function layerLink(model: RunModel, layer: string): HTMLElement | string {
  const location = model.started?.model.layers.find((l) => l.name === layer)?.location;
  if (!location) return layer;
  return linkButton(layer, () => reveal(location), `Go to ${shortFile(location.file)}:${location.line}`);
}

export function shortFile(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
