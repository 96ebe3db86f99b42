// Ctrl+C (and SIGTERM, which is how the extension stops a command): the first asks the work to stop
// after its current batch and still record everything; a second ends it at once.
export interface Interruptible {
  stop(): void;
  kill(): void;
}

/** Handles the signals until `done` settles, then removes the handlers. */
export async function untilDone<T>(done: Promise<T>, work: Interruptible, options: { signals?: NodeJS.Signals[]; message?: string }): Promise<T> {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts === 1) {
      if (options.message) process.stderr.write(options.message);
      work.stop();
    } else {
      work.kill();
    }
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    return await done;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
