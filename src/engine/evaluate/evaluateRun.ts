// `modellab evaluate`: a run's saved model on the held-out test split, once it has been chosen. The
// test rows never take part in training or model selection; this is the one place that reads them.
// The split is rebuilt from the run's model file and seed, exactly as the run drew it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectBackend } from '../backend/select';
import type { BackendRequest } from '../../protocol/events';
import { fileSha256 } from '../runs/git';
import { loadModel } from '../runs/modelFiles';
import type { RunRecord, TestEvaluation } from '../../protocol/runRecord';
import { RunStore } from '../runs/store';
import { EVALUATION_BATCH, evaluateSplit } from '../train/evaluateSplit';
import { reloadRunData } from '../train/reloadRunData';

export class EvaluationError extends Error {
  constructor(
    readonly code: 'unknown-run' | 'no-model' | 'no-test-split' | 'running',
    message: string,
  ) {
    super(message);
  }
}

export interface EvaluationResult {
  runId: string;
  evaluation: TestEvaluation;
  /** How many times the test split had been looked at through this run before. */
  previousEvaluations: number;
}

const BACKEND_OF_RUN: Record<string, BackendRequest> = { 'tensorflow-gpu': 'tensorflow', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

export async function evaluateRun(runsDir: string, idOrPrefix: string, options: { model?: 'best' | 'last' } = {}): Promise<EvaluationResult> {
  const store = new RunStore(runsDir);
  let record: RunRecord;
  try {
    record = store.get(idOrPrefix);
  } catch (err) {
    throw new EvaluationError('unknown-run', err instanceof Error ? err.message : String(err));
  }
  if (record.status === 'running') throw new EvaluationError('running', `Run ${record.runId} is still training; evaluate it once it has finished.`);
  const which = options.model ?? (fs.existsSync(path.join(store.runDir(record.runId), 'model-best', 'model.json')) ? 'best' : 'last');
  const modelDir = path.join(store.runDir(record.runId), `model-${which}`);
  if (!fs.existsSync(path.join(modelDir, 'model.json'))) throw new EvaluationError('no-model', `Run ${record.runId} has no saved model-${which}`);

  // The run's own backend, so the numbers are comparable with its validation metrics.
  await selectBackend(BACKEND_OF_RUN[record.backend?.name ?? ''] ?? 'auto');
  const { settings, data } = await reloadRunData(record);
  const test = data.test;
  if (!test || test.count === 0) {
    throw new EvaluationError('no-test-split', `${record.experiment} has no test split. Hold one out with testSplit in its data options, e.g. datasets.digits({ validationSplit: 0.2, testSplit: 0.2 }); the test rows are never used in training.`);
  }
  const model = await loadModel(modelDir);
  try {
    const metrics = await evaluateSplit(model, data, test, settings, EVALUATION_BATCH, 'test_');
    const fileChanged = fs.existsSync(record.file) ? fileSha256(record.file) !== record.fileHash : true;
    const evaluation: TestEvaluation = { time: new Date().toISOString(), model: which, samples: test.count, metrics, fileChanged };
    const previousEvaluations = record.testEvaluations?.length ?? 0;
    store.addTestEvaluation(record.runId, evaluation);
    return { runId: record.runId, evaluation, previousEvaluations };
  } finally {
    model.dispose();
  }
}

