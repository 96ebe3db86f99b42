// Live progress reaches the editor's UI at a pace people can read, not at the pace a small model trains: a
// sample can finish 50 epochs a second, and a status bar text, a `when` context key, a tree refresh and a
// CodeLens refresh per epoch kept the workbench so busy that the dashboard a click had opened did not load
// until the run was over. Everything that follows training progress goes through one of these.
import type * as vscode from 'vscode';

/** How often progress is shown at most, in the status bar, the tree, the CodeLens and the notification. */
export const LIVE_UI_MS = 500;

/** Calls `fn` once after a burst of `schedule()` calls: at most once per `ms`, never dropping the last one. */
export class Coalescer implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly fn: () => void, private readonly ms = LIVE_UI_MS) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fn();
    }, this.ms);
  }

  /** Calls it now (a run started or ended: shown at once), cancelling a scheduled call. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.fn();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
