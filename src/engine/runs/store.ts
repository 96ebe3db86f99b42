// The run store: one folder per run under the runs folder, with run.json and events.jsonl.
// Readers never fail on what a crash leaves behind: a torn line is skipped, a run whose
// process died is reported (and repaired on disk) as interrupted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunError, RunFinishedEvent, TrainingEvent } from '../../protocol/events';
import { writeAll, writeFileAtomic } from './atomicFile';
import { applyEvent, finishedFromRecord, newRecord, type RunInit, type RunRecord, type TestEvaluation } from '../../protocol/runRecord';

const RUN_JSON = 'run.json';
const EVENTS = 'events.jsonl';

/**
 * How often a live run's files are written. A small model makes hundreds of steps and dozens of epochs a
 * second: a write per event and an fsync'd run.json per epoch kept every file watcher on the workspace busy
 * (the editor's among them, which then loaded the dashboard a click had opened only after the run). Step events
 * are appended in batches at most `eventsMs` apart (and with every epoch), run.json at most `recordMs` apart;
 * the start, the end and every finding are written at once. 0 and 0 write through (the default, for tools and
 * tests that read right away).
 */
export interface WritePace {
  eventsMs: number;
  recordMs: number;
}

export const LIVE_RUN_PACE: WritePace = { eventsMs: 250, recordMs: 1000 };

/** Records one live run: the training process's handle on its folder. */
export class RunWriter {
  private fd: number | undefined;
  private pending: string[] = [];
  private recordDirty = false;
  private lastEvents = 0;
  private lastRecord = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly dir: string, readonly record: RunRecord, private readonly pace: WritePace = { eventsMs: 0, recordMs: 0 }) {
    // Kept open so an event costs one write, not an open/close.
    this.fd = fs.openSync(path.join(dir, EVENTS), 'a');
  }

  /** Appends to events.jsonl, and rewrites run.json when the event changes what it says (at the writer's pace). */
  append(event: TrainingEvent): void {
    if (this.fd === undefined) throw new Error(`Run ${this.record.runId} is closed`);
    this.pending.push(`${JSON.stringify(event)}\n`);
    if (applyEvent(this.record, event)) this.recordDirty = true;
    const now = Date.now();
    const urgent = event.type === 'run-started' || event.type === 'run-finished' || event.type === 'diagnostic';
    // An epoch is on disk before anyone hears of it: a process killed right after still has it recorded.
    if (urgent || event.type === 'epoch' || now - this.lastEvents >= this.pace.eventsMs) this.flush(urgent);
    else this.timer ??= setTimeout(() => this.flush(false), this.pace.eventsMs - (now - this.lastEvents)).unref();
  }

  /** Writes what is pending; run.json too when it changed and its pace allows (or `recordNow`). */
  flush(recordNow = true): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === undefined) return;
    const now = Date.now();
    if (this.pending.length) {
      writeAll(this.fd, this.pending.join(''));
      this.pending = [];
    }
    this.lastEvents = now;
    if (this.recordDirty && (recordNow || now - this.lastRecord >= this.pace.recordMs)) {
      writeRecord(this.dir, this.record);
      this.recordDirty = false;
      this.lastRecord = now;
    } else if (this.recordDirty) {
      // run.json waits for its pace; the next flush (or this timer) writes it.
      this.timer = setTimeout(() => this.flush(true), this.pace.recordMs - (now - this.lastRecord)).unref();
    }
  }

  close(): void {
    this.flush(true);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function writeRecord(dir: string, record: RunRecord): void {
  writeFileAtomic(path.join(dir, RUN_JSON), `${JSON.stringify(record, null, 2)}\n`);
}

/** True unless the process is gone (EPERM means it exists but belongs to someone else). */
function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses events.jsonl line by line; a torn or corrupt line is skipped, never fatal. */
export function parseEvents(text: string): TrainingEvent[] {
  const events: TrainingEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const event = JSON.parse(line) as TrainingEvent;
      if (event && typeof event === 'object' && typeof event.type === 'string') events.push(event);
    } catch {
      // A line cut short by a crash, or garbage: the rest is still worth reading.
    }
  }
  return events;
}

/** A folder name that can be a run id: no path tricks, no hidden or temp folders. */
function isRunName(name: string): boolean {
  return name !== '' && !name.startsWith('.') && !/[/\\]/.test(name);
}

export class RunStore {
  constructor(readonly runsDir: string) {}

  runDir(runId: string): string {
    return path.join(this.runsDir, runId);
  }

  /** Creates the run's folder and run.json (status 'running'); throws if the id is taken. */
  createRun(init: RunInit, pace?: WritePace): RunWriter {
    if (!isRunName(init.runId)) throw new Error(`Invalid run id '${init.runId}'`);
    fs.mkdirSync(this.runsDir, { recursive: true });
    const dir = this.runDir(init.runId);
    fs.mkdirSync(dir); // not recursive: an existing folder means a clashing id
    const record = newRecord(init);
    writeRecord(dir, record);
    return new RunWriter(dir, record, pace);
  }

  /** All runs, newest first. Reads only run.json files; unreadable runs are skipped. */
  list(): RunRecord[] {
    const records: RunRecord[] = [];
    for (const name of this.runNames()) {
      const record = this.readRecord(name);
      if (record) records.push(this.recover(record));
    }
    return records.sort((a, b) => compareDesc(a.createdAt, b.createdAt) || compareDesc(a.runId, b.runId));
  }

  /** One run, by its id or a unique prefix of one. */
  get(idOrPrefix: string): RunRecord {
    const exact = this.readRecord(idOrPrefix);
    if (exact) return this.recover(exact);
    const matches = idOrPrefix === '' ? [] : this.runNames().filter((n) => n.startsWith(idOrPrefix) && this.readRecord(n));
    if (matches.length === 1) return this.recover(this.readRecord(matches[0])!);
    if (matches.length > 1) {
      const shown = matches.sort().slice(0, 5).join(', ');
      throw new Error(`'${idOrPrefix}' matches ${matches.length} runs (${shown}${matches.length > 5 ? ', …' : ''}); give more of the id`);
    }
    throw new Error(`No run '${idOrPrefix}' in ${this.runsDir}. A model file's runs are recorded in the .modellab/runs of its workspace: the nearest folder above the file with .modellab, .git or package.json.`);
  }

  /** The run's events in order; missing file gives [], torn or corrupt lines are skipped. */
  readEvents(runId: string): TrainingEvent[] {
    if (!isRunName(runId)) return [];
    try {
      return parseEvents(fs.readFileSync(path.join(this.runDir(runId), EVENTS), 'utf8'));
    } catch {
      return [];
    }
  }

  /**
   * The events appended since byte `offset` of events.jsonl, and the offset to read from next: only whole
   * lines are read, so a line the training process is still writing is read next time. This is how a reader
   * follows a run another process trains (the CLI in a terminal, a run that outlived a window reload).
   */
  readEventsFrom(runId: string, offset: number): { events: TrainingEvent[]; offset: number } {
    if (!isRunName(runId)) return { events: [], offset };
    let fd: number | undefined;
    try {
      fd = fs.openSync(path.join(this.runDir(runId), EVENTS), 'r');
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return { events: [], offset: Math.min(offset, size) };
      const buffer = Buffer.alloc(size - offset);
      const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
      const end = buffer.lastIndexOf(0x0a, read - 1);
      if (end < 0) return { events: [], offset };
      return { events: parseEvents(buffer.subarray(0, end).toString('utf8')), offset: offset + end + 1 };
    } catch {
      return { events: [], offset };
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /**
   * The run's run-finished event, read from the end of events.jsonl (it is the last event), so a long
   * run's stream is not parsed to show its diagnostics. Undefined while it runs or if it never finished.
   */
  readFinished(runId: string): RunFinishedEvent | undefined {
    if (!isRunName(runId)) return undefined;
    let fd: number | undefined;
    try {
      fd = fs.openSync(path.join(this.runDir(runId), EVENTS), 'r');
      const size = fs.fstatSync(fd).size;
      for (let tail = 64 * 1024; ; tail *= 4) {
        const length = Math.min(size, tail);
        const buffer = Buffer.alloc(length);
        fs.readSync(fd, buffer, 0, length, size - length);
        const text = buffer.toString('utf8');
        const start = text.lastIndexOf('\n{"type":"run-finished"');
        if (start >= 0 || length === size) {
          const events = parseEvents(start >= 0 ? text.slice(start + 1) : text);
          return events.reverse().find((e): e is RunFinishedEvent => e.type === 'run-finished');
        }
      }
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Sets the user's note on a finished run (a running run's process owns its run.json). */
  setNotes(runId: string, notes: string): RunRecord {
    const record = this.get(runId);
    if (record.status === 'running') throw new Error(`Run ${record.runId} is still training; add a note once it has finished.`);
    const updated = { ...record, notes: notes.trim() || undefined };
    writeRecord(this.runDir(record.runId), updated);
    return updated;
  }

  /** Appends a test-split evaluation to a finished run's record. */
  addTestEvaluation(runId: string, evaluation: TestEvaluation): RunRecord {
    const record = this.get(runId);
    const updated = { ...record, testEvaluations: [...(record.testEvaluations ?? []), evaluation] };
    writeRecord(this.runDir(record.runId), updated);
    return updated;
  }

  /** Deletes a run's folder (id or unique prefix); throws for an unknown id. */
  delete(runId: string): void {
    const record = this.get(runId);
    fs.rmSync(this.runDir(record.runId), { recursive: true, force: true });
  }

  /**
   * Records that the training process died without finishing the run: appends a run-finished event
   * (with the metrics of the last epoch recorded) and updates run.json. If the run already finished,
   * changes nothing and returns its run-finished event. Never throws for a missing run: it then only
   * returns the event.
   */
  markFailed(runId: string, error: RunError, status: 'failed' | 'interrupted' = 'failed'): RunFinishedEvent {
    const dir = this.runDir(runId);
    const record = this.readRecord(runId);
    const events = this.readEvents(runId);
    const finished = events.find((e): e is RunFinishedEvent => e.type === 'run-finished');
    if (finished) {
      // The process got the event out but died before rewriting run.json: finish the record with it.
      if (record && record.status === 'running') {
        applyEvent(record, finished);
        writeRecord(dir, record);
      }
      return finished;
    }
    if (record && record.status !== 'running') return finishedFromRecord(record, record.status, record.error, record.samplesPerSecond ?? 0);
    // Fold the recorded epochs in, in case run.json lags behind events.jsonl.
    const base = record ?? newRecord({ runId, experiment: '', file: '', pid: 0, fileHash: '', config: {}, seed: 0, epochs: 0 });
    for (const e of events) if (e.type === 'epoch') applyEvent(base, e);
    const event = finishedFromRecord(base, status, error, averageThroughput(events));
    if (!record) return event;
    fs.appendFileSync(path.join(dir, EVENTS), `${JSON.stringify(event)}\n`);
    applyEvent(record, event);
    writeRecord(dir, record);
    return event;
  }

  /**
   * A cheap fingerprint of what the folder records (each run.json's and group record's size and time): when it
   * changes, a run was created, updated or deleted. For readers that poll instead of watching files.
   */
  signature(): string {
    const parts: string[] = [];
    const stat = (file: string) => {
      try {
        const s = fs.statSync(file);
        parts.push(`${file}:${s.size}:${s.mtimeMs}`);
      } catch {
        // gone between readdir and stat: the next look sees it
      }
    };
    for (const name of this.runNames()) stat(path.join(this.runsDir, name, RUN_JSON));
    try {
      for (const name of fs.readdirSync(path.join(this.runsDir, '.groups'))) stat(path.join(this.runsDir, '.groups', name));
    } catch {
      // no groups yet
    }
    return parts.join('|');
  }

  private runNames(): string[] {
    try {
      return fs.readdirSync(this.runsDir).filter(isRunName);
    } catch {
      return []; // no runs folder yet
    }
  }

  private readRecord(name: string): RunRecord | undefined {
    if (!isRunName(name)) return undefined;
    try {
      const record = JSON.parse(fs.readFileSync(path.join(this.runDir(name), RUN_JSON), 'utf8')) as RunRecord;
      if (!record || typeof record !== 'object' || typeof record.status !== 'string') return undefined;
      // The folder is the run's identity (get, delete, runDir), even if it was renamed or copied.
      record.runId = name;
      return record;
    } catch {
      return undefined;
    }
  }

  /** A run still marked running whose process is gone was interrupted: say so, and fix it on disk. */
  private recover(record: RunRecord): RunRecord {
    if (record.status !== 'running' || isAlive(record.pid)) return record;
    try {
      this.markFailed(record.runId, { message: `The training process (pid ${record.pid}) ended without finishing the run` }, 'interrupted');
      return this.readRecord(record.runId) ?? { ...record, status: 'interrupted' };
    } catch {
      return { ...record, status: 'interrupted' }; // read-only store: report it, repair later
    }
  }
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** Training throughput over the recorded epochs, weighted by their durations. */
function averageThroughput(events: TrainingEvent[]): number {
  let samples = 0;
  let ms = 0;
  for (const e of events) {
    if (e.type === 'epoch' && e.samplesPerSecond > 0 && e.durationMs > 0) {
      samples += (e.samplesPerSecond * e.durationMs) / 1000;
      ms += e.durationMs;
    }
  }
  return ms > 0 ? (samples * 1000) / ms : 0;
}
