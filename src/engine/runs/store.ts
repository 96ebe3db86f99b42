// The run store: one folder per run under the runs folder, with run.json and events.jsonl.
// Readers never fail on what a crash leaves behind: a torn last line is skipped, a run whose
// process died is reported (and repaired) as interrupted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Metrics, RunError, RunFinishedEvent, TrainingEvent } from '../events';
import { writeFileAtomic } from './atomicFile';
import { applyEvent, newRecord, type RunInit, type RunRecord } from './record';

const RUN_JSON = 'run.json';
const EVENTS = 'events.jsonl';

export class RunWriter {
  private fd: number | undefined;

  constructor(readonly dir: string, readonly record: RunRecord) {
    this.fd = fs.openSync(path.join(dir, EVENTS), 'a');
  }

  append(event: TrainingEvent): void {
    if (this.fd === undefined) throw new Error(`run ${this.record.runId} is closed`);
    fs.writeSync(this.fd, `${JSON.stringify(event)}\n`);
    if (applyEvent(this.record, event)) writeRecord(this.dir, this.record);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

function writeRecord(dir: string, record: RunRecord): void {
  writeFileAtomic(path.join(dir, RUN_JSON), `${JSON.stringify(record, null, 2)}\n`);
}

function isAlive(pid: number): boolean {
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
      // A line cut short by a crash.
    }
  }
  return events;
}

export class RunStore {
  constructor(readonly runsDir: string) {}

  runDir(runId: string): string {
    return path.join(this.runsDir, runId);
  }

  createRun(init: RunInit): RunWriter {
    const dir = this.runDir(init.runId);
    fs.mkdirSync(dir, { recursive: true });
    const record = newRecord(init);
    writeRecord(dir, record);
    return new RunWriter(dir, record);
  }

  /** All runs, newest first. Reads only run.json files. */
  list(): RunRecord[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.runsDir);
    } catch {
      return [];
    }
    const records: RunRecord[] = [];
    for (const name of names) {
      const record = this.readRecord(name);
      if (record) records.push(this.recover(record));
    }
    return records.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.runId.localeCompare(a.runId)));
  }

  /** One run, by id or a unique prefix of one. */
  get(idOrPrefix: string): RunRecord {
    const exact = this.readRecord(idOrPrefix);
    if (exact) return this.recover(exact);
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.runsDir).filter((n) => n.startsWith(idOrPrefix));
    } catch {
      // no runs folder: unknown id below
    }
    if (names.length === 1) {
      const record = this.readRecord(names[0]);
      if (record) return this.recover(record);
    }
    if (names.length > 1) throw new Error(`'${idOrPrefix}' matches ${names.length} runs (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}); give more of the id`);
    throw new Error(`No run '${idOrPrefix}' in ${this.runsDir}`);
  }

  readEvents(runId: string): TrainingEvent[] {
    try {
      return parseEvents(fs.readFileSync(path.join(this.runDir(runId), EVENTS), 'utf8'));
    } catch {
      return [];
    }
  }

  delete(runId: string): void {
    const record = this.get(runId);
    fs.rmSync(this.runDir(record.runId), { recursive: true, force: true });
  }

  /** Records a crash of the training process, keeping what was recorded. Returns the finishing event. */
  markFailed(runId: string, error: RunError, status: 'failed' | 'interrupted' = 'failed'): RunFinishedEvent {
    const dir = this.runDir(runId);
    const record = this.readRecord(runId);
    const events = this.readEvents(runId);
    const finishedAlready = events.find((e): e is RunFinishedEvent => e.type === 'run-finished');
    if (finishedAlready) return finishedAlready;
    const lastEpoch = [...events].reverse().find((e) => e.type === 'epoch');
    const metrics: Metrics = lastEpoch?.type === 'epoch' ? lastEpoch.metrics : {};
    const event: RunFinishedEvent = {
      type: 'run-finished',
      runId,
      time: new Date().toISOString(),
      status,
      backend: record?.backend?.name ?? 'cpu',
      epochsCompleted: lastEpoch?.type === 'epoch' ? lastEpoch.epoch + 1 : 0,
      samplesPerSecond: averageThroughput(events),
      metrics,
      bestEpoch: record?.bestEpoch,
      bestMetrics: record?.bestMetrics,
      stopReason: status,
      error,
      diagnostics: [],
    };
    if (!record || !fs.existsSync(dir)) return event;
    fs.appendFileSync(path.join(dir, EVENTS), `${JSON.stringify(event)}\n`);
    applyEvent(record, event);
    writeRecord(dir, record);
    return event;
  }

  private readRecord(runId: string): RunRecord | undefined {
    if (runId.includes('/') || runId.includes('\\') || runId.startsWith('.')) return undefined;
    try {
      const record = JSON.parse(fs.readFileSync(path.join(this.runDir(runId), RUN_JSON), 'utf8')) as RunRecord;
      return record && record.runId ? record : undefined;
    } catch {
      return undefined;
    }
  }

  /** A run still marked running whose process is gone was interrupted: say so, and fix it on disk. */
  private recover(record: RunRecord): RunRecord {
    if (record.status !== 'running' || isAlive(record.pid)) return record;
    try {
      this.markFailed(record.runId, { message: `the training process (pid ${record.pid}) ended without finishing the run` }, 'interrupted');
      return this.readRecord(record.runId) ?? { ...record, status: 'interrupted' };
    } catch {
      return { ...record, status: 'interrupted' };
    }
  }
}

function averageThroughput(events: TrainingEvent[]): number {
  let samples = 0;
  let ms = 0;
  for (const e of events) {
    if (e.type === 'epoch' && e.samplesPerSecond > 0) {
      samples += (e.samplesPerSecond * e.durationMs) / 1000;
      ms += e.durationMs;
    }
  }
  return ms > 0 ? (samples * 1000) / ms : 0;
}
