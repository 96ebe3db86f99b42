// Scores the diagnostics benchmark's runs: pure, so the scoring itself is tested (test/benchScore.test.ts).
//
// A faulty run is right when it reports any one of its program's expected codes (each names the fault correctly
// for a user). A healthy run raises a false alarm when a finding is still standing at its end (a finding marked
// resolved no longer claims a problem; those are counted apart as transient). A finding is on the right line
// when it points at the line the program marks `// ← fault`.

export interface BenchProgram {
  id: string;
  kind: 'faulty' | 'healthy';
  file: string;
  arch: string;
  faultClass: string;
  half: string;
  /** Faulty programs: the codes any one of which names the fault. Healthy: none. */
  expect: string[];
  /** The marked fault line (1-based). */
  line?: number;
}

export interface BenchFinding {
  code: string;
  severity: string;
  epoch?: number;
  line?: number;
  resolvedEpoch?: number;
}

export interface BenchRun {
  program: BenchProgram;
  seed: number;
  found: BenchFinding[];
  /** Planned epochs. */
  epochs: number;
  status: string;
  error?: string;
}

export interface RuleBenchScore {
  code: string;
  /** Faulty runs that list this code among their expected ones. */
  expected: number;
  /** Of those, runs where it was found. */
  found: number;
  recall: number;
  /** Of the found ones that point at a line, the share on the marked line. */
  rightLine: number;
  /** Median (epoch + 1) / planned epochs of the found ones (training rules). */
  firstSeen: number;
  /** Healthy runs where it stands at the end. */
  falseAlarms: number;
}

export interface BenchScore {
  rules: RuleBenchScore[];
  classes: { faultClass: string; faulty: number; right: number; healthy: number; alarms: number }[];
  overall: {
    faulty: number;
    faultyRight: number;
    programs: number;
    programsAlways: number;
    programsAny: number;
    healthy: number;
    healthyAlarms: number;
    healthyTransient: number;
    located: number;
    rightLine: number;
    firstSeenMedian: number;
    failed: string[];
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const v = [...xs].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** The expected finding a faulty run reported (the first of its program's codes found), if any. */
export function matchedFinding(run: BenchRun): BenchFinding | undefined {
  for (const code of run.program.expect) {
    const hit = run.found.find((f) => f.code === code);
    if (hit) return hit;
  }
  return undefined;
}

export function standingFindings(run: BenchRun): BenchFinding[] {
  return run.found.filter((f) => f.resolvedEpoch === undefined);
}

/** Of findings matched to their runs: those that point at a line where the program marks one, and when each was first seen (share of the planned epochs). */
function placeAndTime(hits: { f: BenchFinding; r: BenchRun }[]): { located: { f: BenchFinding; r: BenchRun }[]; seen: number[] } {
  const located = hits.filter(({ f, r }) => f.line !== undefined && r.program.line !== undefined);
  const seen = hits.flatMap(({ f, r }) => (f.epoch !== undefined && r.epochs > 0 ? [(f.epoch + 1) / r.epochs] : []));
  return { located, seen };
}

export function scoreBenchmark(runs: BenchRun[]): BenchScore {
  const faulty = runs.filter((r) => r.program.kind === 'faulty');
  const healthy = runs.filter((r) => r.program.kind === 'healthy');
  const codes = [...new Set([...faulty.flatMap((r) => r.program.expect), ...healthy.flatMap((r) => standingFindings(r).map((f) => f.code))])].sort();

  const rules: RuleBenchScore[] = codes.map((code) => {
    const expecting = faulty.filter((r) => r.program.expect.includes(code));
    const hits = expecting.flatMap((r) => {
      const f = r.found.find((x) => x.code === code);
      return f ? [{ f, r }] : [];
    });
    const { located, seen } = placeAndTime(hits);
    return {
      code,
      expected: expecting.length,
      found: hits.length,
      recall: expecting.length ? hits.length / expecting.length : NaN,
      rightLine: located.length ? located.filter(({ f, r }) => f.line === r.program.line).length / located.length : NaN,
      firstSeen: median(seen),
      falseAlarms: healthy.filter((r) => standingFindings(r).some((f) => f.code === code)).length,
    };
  });

  const classes = [...new Set(runs.map((r) => r.program.faultClass))].sort().map((faultClass) => {
    const f = faulty.filter((r) => r.program.faultClass === faultClass);
    const h = healthy.filter((r) => r.program.faultClass === faultClass);
    return { faultClass, faulty: f.length, right: f.filter((r) => matchedFinding(r)).length, healthy: h.length, alarms: h.filter((r) => standingFindings(r).length > 0).length };
  });

  const byProgram = new Map<string, BenchRun[]>();
  for (const r of faulty) byProgram.set(r.program.id, [...(byProgram.get(r.program.id) ?? []), r]);
  const matched = faulty.flatMap((r) => {
    const f = matchedFinding(r);
    return f ? [{ f, r }] : [];
  });
  const { located, seen } = placeAndTime(matched);
  return {
    rules,
    classes,
    overall: {
      faulty: faulty.length,
      faultyRight: matched.length,
      programs: byProgram.size,
      programsAlways: [...byProgram.values()].filter((rs) => rs.every((r) => matchedFinding(r))).length,
      programsAny: [...byProgram.values()].filter((rs) => rs.some((r) => matchedFinding(r))).length,
      healthy: healthy.length,
      healthyAlarms: healthy.filter((r) => standingFindings(r).length > 0).length,
      healthyTransient: healthy.filter((r) => standingFindings(r).length === 0 && r.found.length > 0).length,
      located: located.length,
      rightLine: located.filter(({ f, r }) => f.line === r.program.line).length,
      firstSeenMedian: median(seen),
      failed: runs.filter((r) => r.status === 'error' || r.status === 'failed').map((r) => `${r.program.id}.${r.program.kind} seed ${r.seed}: ${r.error ?? r.status}`),
    },
  };
}
