// Runs Model Lab jobs (src/protocol/jobs.ts) from the editor: each in a job process of its own (exports and
// evaluations load tfjs and onnxruntime and run models; model files are user code), with typed events back.
import type * as vscode from 'vscode';
import { startJobProcess } from '../engine';
import type { JobEvent, JobRequest } from '../protocol/jobs';

/** How a streamed job ended: its summary event, or what went wrong and where. */
export type JobResult<T> =
  | { kind: 'finished'; event: T }
  | { kind: 'error'; message: string; code?: string; location?: { file: string; line: number; column: number } };

/** A one-shot job (export, evaluation, backend report): its last event, or an error event (also when cancelled). */
export async function runJob(request: JobRequest, token: vscode.CancellationToken, log: vscode.OutputChannel): Promise<JobEvent> {
  const job = startJobProcess(request, undefined, (stderr) => log.appendLine(`[${request.kind}] ${stderr}`));
  const cancel = token.onCancellationRequested(() => job.stop());
  const outcome = await job.done;
  cancel.dispose();
  if (token.isCancellationRequested) return { type: 'error', code: 'cancelled', message: 'cancelled' };
  return outcome.error ?? outcome.last ?? { type: 'error', code: 'job-process', message: `the ${request.kind} process ended without a result` };
}
