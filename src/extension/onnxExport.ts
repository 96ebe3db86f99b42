// Export Run to ONNX from the editor: the CLI's `export --json` in its own process (it loads tfjs and
// onnxruntime and runs both models to verify the file).
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { runCliJson } from './cliProcess';

/** The CLI's last JSON line for an export: export-finished, export-failed or error. */
export interface ExportOutcome {
  type: 'export-finished' | 'export-failed' | 'error';
  file?: string | null;
  message?: string;
  location?: { file: string; line: number; column: number };
  opset?: number;
  sizeBytes?: number;
  verification?: { passed?: boolean; skipped?: boolean; outputs?: { name: string; maxAbs: number; maxRel: number; passed: boolean }[] };
}

export async function runExport(runsDir: string, runId: string, options: { out?: string; which?: 'best' | 'last' }, token: vscode.CancellationToken, log: vscode.OutputChannel): Promise<ExportOutcome> {
  const args = ['export', runId, '--runs-dir', runsDir, ...(options.out ? ['--out', options.out] : []), ...(options.which ? [`--${options.which}`] : [])];
  return (await runCliJson<ExportOutcome>(args, token, log)) as ExportOutcome;
}

export function describeExport(outcome: ExportOutcome): string {
  const worst = (outcome.verification?.outputs ?? []).reduce((m, o) => Math.max(m, o.maxAbs), 0);
  const check = outcome.verification?.skipped ? 'not verified' : `verified with onnxruntime (max |Δ| ${worst.toExponential(1)})`;
  return `${path.basename(outcome.file ?? 'model.onnx')}: opset ${outcome.opset}, ${((outcome.sizeBytes ?? 0) / 1024).toFixed(1)} KiB, ${check}`;
}
