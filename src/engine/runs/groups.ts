// Sweeps and cross-validations: a group record per group, `<runsDir>/.groups/<id>.json`, beside the runs
// it names (each run also carries `group` in its run.json, so either side finds the other).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GroupRecord } from '../../protocol/groupRecord';
import { writeFileAtomic } from './atomicFile';

export type { CrossValidationRecord, GroupMember, GroupRecord, GroupStatus, SweepRecord } from '../../protocol/groupRecord';

export const GROUPS_DIR = '.groups';

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
