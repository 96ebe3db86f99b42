// Shared helpers for the engine tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrainingEvent } from '../src/protocol/events';
import { startTraining, type TrainingHandle, type TrainOptions, type TrainingOutcome } from '../src/engine/process/launcher';

export const fixtures = path.join(__dirname, 'fixtures');
export const samples = path.join(__dirname, '..', 'samples');

export function tempDir(prefix = 'modellab-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Trains in a child process and collects every event. */
export async function train(options: TrainOptions, onEvent?: (event: TrainingEvent, handle: TrainingHandle) => void) {
  const events: TrainingEvent[] = [];
  // Events arrive asynchronously, after startTraining has returned the handle.
  const handle: TrainingHandle = startTraining({ runsDir: tempDir(), ...options }, (event) => {
    events.push(event);
    onEvent?.(event, handle);
  });
  const outcome: TrainingOutcome = await handle.done;
  return { handle, outcome, events };
}

export function batchLosses(events: TrainingEvent[]): number[] {
  return events.flatMap((e) => (e.type === 'batch' ? [e.metrics.loss] : []));
}
