// Sweeps and cross-validations: a group record per group, `<runsDir>/.groups/<id>.json`, beside the runs
// it names (each run also carries `group` in its run.json, so either side finds the other).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParamSpec, Params } from '../../sdk/params';
import type { Metrics, RunStatus } from '../events';
import { writeFileAtomic } from './atomicFile';

export const GROUPS_DIR = '.groups';

export type GroupStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** One member run as the group saw it end. */
export interface GroupMember {
  runId: string;
  /** Trial or fold number, 0-based. */
  index: number;
  status: RunStatus;
  /** The run's final metrics (its best epoch's where it had validation). */
  metrics: Metrics;
  /** Sweep trials: the sampled params. */
  params?: Params;
}

interface GroupBase {
  schemaVersion: 1;
  id: string;
  experiment: string;
  /** Absolute path of the model file. */
  file: string;
  relativeFile?: string;
  createdAt: string;
  endedAt?: string;
  status: GroupStatus;
  /** The process running the group, to tell a live group from one whose process died. */
  pid: number;
  seed: number;
  /** Runs in index order, filled in as each ends. */
  members: GroupMember[];
  /** Why it failed or stopped early. */
  error?: string;
}

export interface SweepRecord extends GroupBase {
  kind: 'sweep';
  method: 'grid' | 'random';
  /** The search space as declared. */
  space: Record<string, ParamSpec>;
  /** Every trial's params, in order, drawn before the first trial starts. */
  plannedTrials: Params[];
  metric: string;
  goal: 'minimize' | 'maximize';
  /** Index into `members` of the best finished trial. */
  best?: number;
}

export interface CrossValidationRecord extends GroupBase {
  kind: 'cross-validation';
  folds: number;
  stratified: boolean;
  /** Mean and (sample) standard deviation over the completed folds of each metric. */
  mean?: Metrics;
  std?: Metrics;
}

export type GroupRecord = SweepRecord | CrossValidationRecord;

export function groupsDir(runsDir: string): string {
  return path.join(runsDir, GROUPS_DIR);
}

export function groupFile(runsDir: string, id: string): string {
  return path.join(groupsDir(runsDir), `${id}.json`);
}

export function writeGroup(runsDir: string, record: GroupRecord): void {
  fs.mkdirSync(groupsDir(runsDir), { recursive: true });
  writeFileAtomic(groupFile(runsDir, record.id), `${JSON.stringify(record, null, 2)}\n`);
}

export function readGroup(runsDir: string, id: string): GroupRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(groupFile(runsDir, id), 'utf8')) as GroupRecord;
    return record && typeof record === 'object' && (record.kind === 'sweep' || record.kind === 'cross-validation') ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Every readable group, newest first. */
export function listGroups(runsDir: string): GroupRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(groupsDir(runsDir)).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
  } catch {
    return [];
  }
  return names
    .map((n) => readGroup(runsDir, n.slice(0, -'.json'.length)))
    .filter((g): g is GroupRecord => g !== undefined)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}
