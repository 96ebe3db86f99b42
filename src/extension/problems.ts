// Puts each diagnostic of an experiment's active or last run in the Problems panel, on the line of the
// layer (or optimizer, loss, data option) that causes it. An experiment's diagnostics are replaced when it
// trains again, and one goes away when its line is edited (the cause may be fixed).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { Finding } from '../protocol/findings';
import type { RunRecord } from '../protocol/runRecord';
import { adjustRange, rangeForLocation, type LineRange } from '../ide/findingRanges';
import type { TrainingManager } from './trainingManager';
import type { WorkspaceRuns } from './workspaceRuns';

export const DIAGNOSTIC_SOURCE = 'Model Lab';

interface Shown {
  finding: Finding;
  range: LineRange;
  runId: string;
}

/** Findings shown per file, per experiment. */
type FileFindings = Map<string, Shown[]>;

export class ProblemsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('modelLab');
  private readonly byFile = new Map<string, FileFindings>();
  /** The run whose findings each experiment shows ("file#experiment" → run id). */
  private readonly shownRun = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: WorkspaceRuns, training: TrainingManager, private readonly docsUri: vscode.Uri) {
    this.disposables.push(
      this.collection,
      training.onDidEvent(({ runId, file, event }) => {
        if (event.type === 'run-started') this.replace(file, event.experiment, runId, []);
        else if (event.type === 'diagnostic') this.add(file, runId, event.finding);
        else if (event.type === 'run-finished') this.replace(file, this.experimentOfRun(file, runId) ?? '', runId, event.diagnostics);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      runs.onDidChange(() => this.loadLastRuns()),
    );
    this.loadLastRuns();
  }

  /** Findings currently shown for an experiment, with the run they come from. */
  findingsOf(file: string, experiment: string): { runId: string; findings: Finding[] } | undefined {
    const shown = this.byFile.get(file)?.get(experiment);
    const runId = this.shownRun.get(key(file, experiment));
    return runId ? { runId, findings: (shown ?? []).map((s) => s.finding) } : undefined;
  }

  /** The finding behind a diagnostic shown on this line (diagnostics come back to providers as copies). */
  findingAt(file: string, code: string, line: number): { finding: Finding; range: LineRange } | undefined {
    for (const shown of this.byFile.get(file)?.values() ?? []) {
      const hit = shown.find((s) => s.finding.code === code && s.range.startLine === line);
      if (hit) return { finding: hit.finding, range: hit.range };
    }
    return undefined;
  }

  /** Shows the findings of each experiment's newest finished run, unless a newer run already set them. */
  private loadLastRuns(): void {
    const latest = new Map<string, RunRecord>();
    for (const record of this.runs.list()) {
      const k = key(record.file, record.experiment);
      if (!latest.has(k)) latest.set(k, record);
    }
    for (const [k, record] of latest) {
      if (this.shownRun.get(k) === record.runId || record.status === 'running') continue;
      const store = this.runs.storeOf(record.runId);
      const finished = store?.readFinished(record.runId);
      this.replace(record.file, record.experiment, record.runId, finished?.diagnostics ?? []);
    }
  }

  private experimentOfRun(file: string, runId: string): string | undefined {
    for (const [k, id] of this.shownRun) if (id === runId && k.startsWith(`${file}#`)) return k.slice(file.length + 1);
    return undefined;
  }

  private replace(file: string, experiment: string, runId: string, findings: Finding[]): void {
    this.shownRun.set(key(file, experiment), runId);
    const text = readText(file);
    // A finding that stopped holding by the run's end (marked resolved) is no longer a problem of the model.
    const shown = findings.filter((f) => !f.resolved && f.location?.file === file && text !== undefined).map((f) => ({ finding: f, runId, range: rangeForLocation(text!, f.location!.line, f.location!.column) }));
    let perFile = this.byFile.get(file);
    if (!perFile) this.byFile.set(file, (perFile = new Map()));
    perFile.set(experiment, dedupe(shown));
    this.publish(file);
  }

  private add(file: string, runId: string, finding: Finding): void {
    const experiment = this.experimentOfRun(file, runId);
    if (experiment === undefined || finding.location?.file !== file) return;
    const text = readText(file);
    if (text === undefined) return;
    const list = this.byFile.get(file)?.get(experiment) ?? [];
    this.byFile.get(file)?.set(experiment, dedupe([...list, { finding, runId, range: rangeForLocation(text, finding.location.line, finding.location.column) }]));
    this.publish(file);
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const perFile = this.byFile.get(e.document.uri.fsPath);
    if (!perFile || e.contentChanges.length === 0) return;
    let changed = false;
    for (const [experiment, shown] of perFile) {
      const kept: Shown[] = [];
      for (const s of shown) {
        let range: LineRange | undefined = s.range;
        // Changes of one event are given from last to first: each applies to the document as the previous left it.
        for (const c of e.contentChanges) {
          if (!range) break;
          range = adjustRange(range, { startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text });
        }
        if (range !== s.range) changed = true;
        if (range) kept.push({ ...s, range });
      }
      perFile.set(experiment, kept);
    }
    if (changed) this.publish(e.document.uri.fsPath);
  }

  private publish(file: string): void {
    const diagnostics = [...(this.byFile.get(file)?.values() ?? [])].flat().map((s) => this.toDiagnostic(s));
    this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  private toDiagnostic({ finding, range, runId }: Shown): vscode.Diagnostic {
    const r = new vscode.Range(range.startLine, range.startCharacter, range.endLine, range.endCharacter);
    const fix = finding.fixes[0] ? ` Try: ${finding.fixes[0]}` : '';
    const d = new vscode.Diagnostic(r, `${finding.message}${fix}`, SEVERITY[finding.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: finding.code, target: this.docsUri.with({ fragment: finding.code }) };
    const when = finding.epoch !== undefined ? `, first seen in epoch ${finding.epoch + 1}${finding.step !== undefined ? ` (step ${finding.step})` : ''}` : ', before training';
    d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(finding.location!.file), r), `Run ${runId}${when}`)];
    const cause = finding.explainedBy;
    if (cause?.line !== undefined) {
      const line = Math.max(0, cause.line - 1);
      d.relatedInformation.push(new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(finding.location!.file), new vscode.Range(line, 0, line, 0)), `Caused by ${cause.code}${cause.layer ? ` in layer ${cause.layer}` : ''}`));
    }
    return d;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function key(file: string, experiment: string): string {
  return `${file}#${experiment}`;
}

/** The text the ranges are computed on: the open editor's (it may be unsaved), else the file's. */
function readText(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** One diagnostic per rule and line: a rule that fires again on the same line is the same problem. */
function dedupe(shown: Shown[]): Shown[] {
  const seen = new Set<string>();
  return shown.filter((s) => {
    const k = `${s.finding.code}@${s.range.startLine}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
