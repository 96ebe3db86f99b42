// Runs model files through `modellab train --json` and scores the diagnostics they report against
// what each should report: per rule precision and recall, when it was first seen, false alarms.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../src/engine/diagnostics/types';
import type { RunFinishedEvent, RunStartedEvent, TrainingEvent } from '../src/protocol/events';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'modellab.js');

export interface Case {
  file: string;
  /** Codes the run must report; undefined when unknown (a model file given on the command line). */
  expected?: string[];
  seed?: number;
}

export interface CaseResult extends Case {
  found: { code: string; severity: string; epoch?: number; layer?: string; line?: number; resolvedEpoch?: number }[];
  epochs: number;
  status: string;
  error?: string;
}

export function loadCases(seedsForHealthy: number[] = []): Case[] {
  const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'samples', 'diagnostics-expectations.json'), 'utf8')) as { healthy: string[]; faulty: Record<string, string[]> };
  const cases: Case[] = [];
  for (const file of spec.healthy) {
    cases.push({ file: path.join(ROOT, 'samples', file), expected: [] });
    for (const seed of seedsForHealthy) cases.push({ file: path.join(ROOT, 'samples', file), expected: [], seed });
  }
  for (const [file, codes] of Object.entries(spec.faulty)) cases.push({ file: path.join(ROOT, 'samples', file), expected: codes });
  return cases;
}

export function runCase(c: Case, runsDir: string): Promise<CaseResult> {
  return new Promise((resolve) => {
    const args = [CLI, 'train', c.file, '--json', '--runs-dir', runsDir, ...(c.seed !== undefined ? ['--seed', String(c.seed)] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', () => {
      const events = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrainingEvent | { type: 'error'; message: string });
      const started = events.find((e): e is RunStartedEvent => e.type === 'run-started');
      const finished = events.find((e): e is RunFinishedEvent => e.type === 'run-finished');
      const loadError = events.find((e) => e.type === 'error') as { message: string } | undefined;
      const findings: Finding[] = finished?.diagnostics ?? [];
      resolve({
        ...c,
        found: findings.map((f) => ({ code: f.code, severity: f.severity, epoch: f.epoch, layer: f.layer, line: f.location?.line, resolvedEpoch: f.resolved?.epoch })),
        epochs: started?.epochs ?? 0,
        status: finished?.status ?? 'error',
        error: loadError?.message ?? finished?.error?.message ?? (finished ? undefined : err.trim().split('\n').pop()),
      });
    });
  });
}

/** Runs the cases, `parallel` at a time. */
export async function runCases(cases: Case[], parallel = Math.max(1, Math.min(2, os.cpus().length)), onResult?: (r: CaseResult) => void): Promise<CaseResult[]> {
  const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modellab-eval-'));
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], runsDir);
      onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  fs.rmSync(runsDir, { recursive: true, force: true });
  return results;
}

export interface RuleScore {
  code: string;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  precision: number;
  recall: number;
  /** First detection as a fraction of the planned epochs, per true positive. */
  firstSeen: number[];
}

export function score(results: CaseResult[], codes: string[]): { rules: RuleScore[]; faultyRight: number; faulty: number; healthyAlarms: number; healthy: number } {
  const rules = codes.map((code) => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    const firstSeen: number[] = [];
    for (const r of results) {
      if (!r.expected) continue;
      const found = r.found.find((f) => f.code === code);
      const expected = r.expected.includes(code);
      if (expected && found) {
        tp++;
        if (found.epoch !== undefined && r.epochs > 0) firstSeen.push((found.epoch + 1) / r.epochs);
      } else if (expected) fn++;
      else if (found) fp++;
    }
    return { code, truePositives: tp, falseNegatives: fn, falsePositives: fp, precision: tp + fp > 0 ? tp / (tp + fp) : NaN, recall: tp + fn > 0 ? tp / (tp + fn) : NaN, firstSeen };
  });
  const faulty = results.filter((r) => r.expected && r.expected.length > 0);
  const healthy = results.filter((r) => r.expected && r.expected.length === 0);
  return {
    rules,
    faulty: faulty.length,
    faultyRight: faulty.filter((r) => r.expected!.every((code) => r.found.some((f) => f.code === code))).length,
    healthy: healthy.length,
    healthyAlarms: healthy.filter((r) => r.found.length > 0).length,
  };
}
