// Entry point of a job process (bundled as dist/job-worker.js, forked by jobLauncher.ts): runs one job from
// src/protocol/jobs.ts and sends its events, batched, over IPC. Model files are user code: the extension
// never runs them in its own process.
import * as tf from '@tensorflow/tfjs';
import type { FromJobProcess, JobEvent, ToJobProcess } from '../../protocol/jobs';
import { startJob, type JobHandle } from '../jobs/runJob';

tf.enableProdMode();

const SEND_MS = 40;
let queued: JobEvent[] = [];
let timer: NodeJS.Timeout | undefined;
let lastSend: Promise<void> = Promise.resolve();
let job: JobHandle | undefined;
let stopRequested = false;

function send(message: FromJobProcess): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

function flush(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (queued.length === 0) return;
  const events = queued;
  queued = [];
  lastSend = send({ type: 'events', events });
}

/** Range-test steps and epochs come many a second: they wait up to 40 ms and go together; the rest at once. */
function emit(event: JobEvent): void {
  queued.push(event);
  if (event.type === 'lr-find-step' || event.type === 'epoch') timer ??= setTimeout(flush, SEND_MS);
  else flush();
}

process.on('message', (message: ToJobProcess) => {
  if (message.type === 'stop') {
    stopRequested = true;
    if (job && !job.stoppable) process.exit(130);
    job?.stop();
  } else if (message.type === 'kill') {
    job?.kill();
  } else if (message.type === 'start' && !job) {
    job = startJob(message.request, emit);
    if (stopRequested) job.stop();
    job.done
      .then(async (code) => {
        flush();
        await lastSend;
        process.exit(code);
      })
      .catch(async (err: unknown) => {
        flush();
        await lastSend;
        // Escaped the job's own error handling: the launcher reports it from stderr.
        process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
        process.exit(1);
      });
  }
});

// The caller went away (window closed): stop the member runs after their batch, recorded, rather than train for nobody.
process.on('disconnect', () => job?.stop());
