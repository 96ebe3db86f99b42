// Two jobs in one process taking turns, each timed over its own turns. A training loop yields to the
// event loop after every step (setImmediate), and so does model.fit with yieldEvery 'batch' (through
// tf.nextFrame). While a Turns runs, those yields are held and released one per event-loop round,
// alternating between the jobs: every turn starts after a round of the event loop, as every step of
// a run alone does. (Left to the event loop, both jobs' callbacks fire in one round, and the second
// of each pair ran ~2% faster than the first with both loops alike.) A turn runs from where its job
// resumes to where it yields again, so the event loop's own round falls to neither.
//
// Import this module before tfjs: tfjs keeps the setImmediate it finds when it loads.

const realSetImmediate = global.setImmediate;
let active: Turns<string> | undefined;

global.setImmediate = Object.assign(<A extends unknown[]>(callback: (...args: A) => void, ...args: A) => {
  const owner = active?.yielding();
  if (!active || owner === undefined) return realSetImmediate(callback, ...args);
  active.hold(owner, () => callback(...args));
  // Nothing here clears an immediate it set; a held one has no handle of its own.
  return undefined as unknown as NodeJS.Immediate;
}, realSetImmediate) as typeof setImmediate;

export class Turns<K extends string> {
  /** Milliseconds of each job's turns so far, of those that count, and how many counted. */
  readonly ownMs = {} as Record<K, number>;
  readonly countedMs = {} as Record<K, number>;
  readonly counted = {} as Record<K, number>;
  private current: K | undefined;
  private resumedAt = 0;
  private yieldedAt = 0;
  private readonly held: { owner: K; resume: () => void }[] = [];
  private releasing = false;

  /** `counts(kind)`: whether the turn of `kind` that just ended counts (after warm-up, before the end). */
  constructor(kinds: readonly K[], private readonly counts: (kind: K) => boolean, private readonly onResume?: (kind: K) => void) {
    for (const k of kinds) this.ownMs[k] = this.countedMs[k] = this.counted[k] = 0;
  }

  /** Runs the jobs to their ends, taking turns; each starts in a turn of its own. */
  async run(jobs: Record<K, () => Promise<unknown>>): Promise<void> {
    if (active) throw new Error('Turns: one at a time');
    active = this as unknown as Turns<string>;
    try {
      await Promise.all((Object.keys(jobs) as K[]).map((kind) => new Promise((resolve, reject) => this.hold(kind, () => jobs[kind]().then(resolve, reject)))));
    } finally {
      active = undefined;
    }
  }

  /** The milliseconds `kind` has run so far, the turn under way included (a clock of its own time). */
  clock(kind: K): number {
    return this.ownMs[kind] + (this.current === kind ? performance.now() - this.resumedAt : 0);
  }

  /** At every setImmediate while running: the current job yields (a later call in its turn moves the end). */
  yielding(): K | undefined {
    this.yieldedAt = performance.now();
    return this.current;
  }

  hold(owner: K, resume: () => void): void {
    this.held.push({ owner, resume });
    if (!this.releasing) {
      this.releasing = true;
      realSetImmediate(() => this.releaseOne());
    }
  }

  /** One held yield per event-loop round: the other job's where it has one. */
  private releaseOne(): void {
    const other = this.held.findIndex((h) => h.owner !== this.current);
    const [next] = this.held.splice(other >= 0 ? other : 0, 1);
    this.resuming(next.owner);
    next.resume();
    // The job goes on in microtasks after this callback and holds its next yield then.
    if (this.held.length > 0) realSetImmediate(() => this.releaseOne());
    else this.releasing = false;
  }

  private resuming(kind: K): void {
    if (kind === this.current) return;
    const ended = this.current;
    if (ended !== undefined) {
      const ms = this.yieldedAt - this.resumedAt;
      this.ownMs[ended] += ms;
      if (this.counts(ended)) {
        this.countedMs[ended] += ms;
        this.counted[ended]++;
      }
    }
    this.onResume?.(kind);
    this.current = kind;
    this.resumedAt = performance.now();
  }
}
