// Runs the diagnostic rules over the trace as it grows: static rules once before training, training
// rules at probes and epoch ends as the trace grows, at the run's end, and at once on a non-finite step. Each new finding is located
// on its layer's or config key's line and streamed; a divergence can stop the run.
import type { SourceLocation } from '../../sdk/types';
import type { TrainingObserver } from '../train/loop';
import { resolveRuleOptions, type RuleSettings } from './ruleOptions';
import { isBareSymptom, settleFindings, SYMPTOM_CODES } from './settle';
import type { EpochRecord, Finding, ProbeRecord, Rule, StepRecord, TrainingTrace } from './types';

export { validateRuleSettings, resolveRuleOptions, type RuleSettings } from './ruleOptions';

export interface MonitorOptions {
  rules: Rule<object>[];
  settings?: RuleSettings;
  /** Where a finding's target is written. */
  locate(finding: Finding): SourceLocation | undefined;
  /** Called once per new finding. */
  report(finding: Finding): void;
  /** Stop the run when `diverged` fires. */
  stopOnDivergence: boolean;
  /** Milliseconds, for spacing the rules' evaluations (default performance.now; tests pass their own, the bench the run's own time where two runs share a process). */
  clock?: () => number;
}

/** The most of a run's time the training rules' evaluations take between its start and end (see evaluateIfGrown). */
const RULES_TIME_SHARE = 0.01;

export class DiagnosticsMonitor implements TrainingObserver {
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();
  private stop: string | undefined;
  /** Trace length (steps) at the last evaluation of the training rules, and whether a non-finite step was seen. */
  private evaluatedAtSteps = 0;
  private evaluatedAtEpochs = 0;
  /** When the last evaluation of the training rules ended, and how long it took (ms). */
  private evaluatedAt = 0;
  private evaluationMs = 0;
  private sawNonFinite = false;

  constructor(readonly trace: TrainingTrace, private readonly options: MonitorOptions) {}

  /** Where new findings go from now on (findings before the run exists wait; then they stream). */
  setReporter(report: (finding: Finding) => void): void {
    this.options.report = report;
  }

  /** The static checks, before any training. */
  runStatic(): Finding[] {
    return this.run('static');
  }

  onStep(record: StepRecord): void {
    this.trace.steps.push(record);
    // The first NaN/Inf is news at once; every step after it is NaN too and says nothing new.
    if (!this.sawNonFinite && (record.nonFinite || !Number.isFinite(record.loss))) {
      this.sawNonFinite = true;
      this.runTraining();
    }
  }

  onProbe(record: ProbeRecord): void {
    // Histograms are for the dashboard; the rules need only the summary numbers.
    this.trace.probes.push({ globalStep: record.globalStep, epoch: record.epoch, layers: record.layers.map(({ histogram: _h, ...rest }) => rest) });
    this.evaluateIfGrown();
  }

  onEpoch(record: EpochRecord): void {
    this.trace.epochs.push(record);
    this.evaluateIfGrown();
  }

  /** The last evaluation covers everything: what the run reports at its end is complete. */
  onRunEnd(): void {
    if (this.trace.steps.length !== this.evaluatedAtSteps || this.trace.epochs.length !== this.evaluatedAtEpochs) this.runTraining();
    settleFindings(this.findings, this.trace, this.options.rules, this.options.settings);
  }

  /**
   * Rules read the whole trace, so evaluating at every probe and epoch end costs O(steps²) over a long
   * run (the digits samples' 36-step epochs: up to ~3 ms of rules per 40 ms epoch). Evaluate again only
   * once the trace has grown by 10%, and once the time since the last evaluation is RULES_TIME_SHARE⁻¹
   * times what it took: frequent early (when findings matter most and the trace is short), rarer late,
   * the rules' share of the run's time bounded, and once more at the run's end. Findings carry the step
   * where the trace first shows them, so this only delays when a finding is streamed, never the epoch
   * and step it reports.
   */
  private evaluateIfGrown(): void {
    if (this.trace.steps.length < this.evaluatedAtSteps * 1.1) return;
    if (this.now() - this.evaluatedAt < this.evaluationMs / RULES_TIME_SHARE) return;
    this.runTraining();
  }

  private runTraining(): void {
    this.evaluatedAtSteps = this.trace.steps.length;
    this.evaluatedAtEpochs = this.trace.epochs.length;
    const start = this.now();
    this.run('training');
    this.evaluatedAt = this.now();
    this.evaluationMs = this.evaluatedAt - start;
  }

  private now(): number {
    return this.options.clock ? this.options.clock() : performance.now();
  }

  stopReason(): string | undefined {
    return this.stop;
  }

  private run(phase: 'static' | 'training'): Finding[] {
    const fresh: Finding[] = [];
    for (const rule of this.options.rules) {
      if (rule.meta.phase !== phase) continue;
      const ruleOptions = resolveRuleOptions(rule, this.options.settings);
      if (!ruleOptions) continue;
      let found: Finding[];
      try {
        found = rule.check(this.trace, ruleOptions);
      } catch (err) {
        // A bug in one rule must not end the user's training run.
        found = [];
        process.emitWarning(`diagnostic rule ${rule.meta.code} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      for (const finding of found) {
        if (isBareSymptom(finding) && this.findings.some((f) => !SYMPTOM_CODES.has(f.code))) continue;
        const key = `${finding.code}|${finding.layer ?? (finding.target.kind === 'config' ? finding.target.key : '')}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        const located = { ...finding, location: finding.location ?? this.options.locate(finding) };
        this.findings.push(located);
        fresh.push(located);
        this.options.report(located);
        if (located.code === 'diverged' && this.options.stopOnDivergence) this.stop = 'diverged';
      }
    }
    return fresh;
  }
}
