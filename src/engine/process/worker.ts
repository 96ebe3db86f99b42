// Entry point of the training process (bundled as dist/train-worker.js, forked by the launcher).
import * as tf from '@tensorflow/tfjs';
import { LoadError } from '../loader/errors';
import type { TrainingEvent } from '../../protocol/events';
import type { FromTrainer, ToTrainer } from './protocol';
import { runTraining } from './runTraining';

// Prod mode: no debug checks, and no console banner suggesting tfjs-node on every run.
tf.enableProdMode();

let cancelled = false;
let lastSend: Promise<void> = Promise.resolve();

/**
 * Events wait here up to SEND_MS and go as one message: a small model's 600 steps a second as one IPC message
 * each kept the extension host (and the editor around it) busy. The start, the end and findings go at once.
 */
const SEND_MS = 40;
let queued: TrainingEvent[] = [];
let timer: NodeJS.Timeout | undefined;

function queue(event: TrainingEvent): void {
  queued.push(event);
  // Epochs go at once too: a caller that acts on one (stop after it, kill it) acts on the present.
  if (event.type === 'run-started' || event.type === 'run-finished' || event.type === 'diagnostic' || event.type === 'epoch') return flushEvents();
  timer ??= setTimeout(flushEvents, SEND_MS);
}

function flushEvents(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (queued.length === 0) return;
  const events = queued;
  queued = [];
  lastSend = send(events.length === 1 ? { type: 'event', event: events[0] } : { type: 'events', events });
}

function send(message: FromTrainer): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

process.on('message', (message: ToTrainer) => {
  if (message.type === 'cancel') {
    cancelled = true;
  } else if (message.type === 'start') {
    runTraining(message.request, { send: queue, isCancelled: () => cancelled })
      .then(async (finished) => {
        flushEvents();
        await lastSend;
        process.exit(finished.status === 'failed' || finished.status === 'diverged' ? 1 : 0);
      })
      .catch(async (err: unknown) => {
        if (err instanceof LoadError) {
          await send({ type: 'load-error', error: { code: err.code, message: err.message, location: err.location, details: err.details } });
          process.exit(2);
        }
        // Anything else escaped the run's own error handling: let the launcher record it from stderr.
        process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
        process.exit(1);
      });
  }
});

// The caller went away (closed editor, killed CLI): stop at the next batch rather than train for nobody.
process.on('disconnect', () => {
  cancelled = true;
});
