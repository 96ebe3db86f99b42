// Export Run to ONNX from the editor: the export job in its own process (it loads tfjs and onnxruntime and
// runs both models to verify the file).
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ExportFinishedEvent, JobErrorEvent } from '../protocol/jobs';
import { runJob } from './jobs';

/** How an export ended: export-finished, export-failed (verification) or error. */
export type ExportOutcome = ExportFinishedEvent | JobErrorEvent;

export async function runExport(runsDir: string, runId: string, options: { out?: string; which?: 'best' | 'last' }, token: vscode.CancellationToken, log: vscode.OutputChannel): Promise<ExportOutcome> {
  const event = await runJob({ kind: 'export', runsDir, run: runId, out: options.out, which: options.which, verify: true }, token, log);
  return event.type === 'export-finished' || event.type === 'export-failed' || event.type === 'error' ? event : { type: 'error', code: 'job-process', message: `the export ended with an unexpected ${event.type} event` };
}

export function describeExport(outcome: ExportFinishedEvent): string {
  const outputs = 'outputs' in outcome.verification ? outcome.verification.outputs : [];
  const worst = outputs.reduce((m, o) => Math.max(m, o.maxAbs), 0);
  const check = 'skipped' in outcome.verification ? 'not verified' : `verified with onnxruntime (max |Δ| ${worst.toExponential(1)})`;
  return `${path.basename(outcome.file ?? 'model.onnx')}: opset ${outcome.opset}, ${(outcome.sizeBytes / 1024).toFixed(1)} KiB, ${check}`;
}
