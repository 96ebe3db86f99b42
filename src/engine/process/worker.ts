// Entry point of the training process (bundled as dist/train-worker.js, forked by the launcher).
import * as tf from '@tensorflow/tfjs';
import { LoadError } from '../loader/errors';
import type { FromTrainer, ToTrainer } from './protocol';
import { runTraining } from './runTraining';

// Prod mode: no debug checks, and no console banner suggesting tfjs-node on every run.
tf.enableProdMode();

let cancelled = false;
let lastSend: Promise<void> = Promise.resolve();

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
    runTraining(message.request, { send: (event) => void (lastSend = send({ type: 'event', event })), isCancelled: () => cancelled })
      .then(async (finished) => {
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
