// A recorded run's experiment, reloaded from its model file, with its data split exactly as the run drew
// it (same seed): what exporting (real inputs to verify with) and test evaluation (the held-out split) need.
import { loadModelFile, selectExperiment } from '../loader/evaluate';
import type { RunRecord } from '../../protocol/runRecord';
import { prepareData, resolveSettings, type FoldSelection, type RecordedPreparation } from './setup';

export async function reloadRunData(record: Pick<RunRecord, 'file' | 'experiment' | 'seed' | 'params' | 'group' | 'config'>) {
  const loaded = await loadModelFile(record.file);
  const { experiment } = selectExperiment(loaded, record.experiment);
  const settings = resolveSettings(experiment, { seed: record.seed, params: record.params });
  // Prepared as the run prepared it (recorded in its config): ids that fed an Embedding kept raw, text columns
  // encoded with the run's categories.
  const resolved = (record.config?.data as { resolved?: RecordedPreparation } | undefined)?.resolved;
  const data = await prepareData(experiment, settings.seed, settings.lossName, foldOf(record), { featuresAreIds: resolved?.featuresAreIds, encoding: resolved?.encoding });
  return { experiment, settings, data };
}

/** A cross-validation run's fold, as recorded in its config (see runTraining's jsonSafeConfig). */
function foldOf(record: Pick<RunRecord, 'group' | 'config'>): FoldSelection | undefined {
  if (record.group?.kind !== 'cross-validation') return undefined;
  const stratified = (record.config?.fold as { stratified?: boolean } | undefined)?.stratified;
  return { index: record.group.index, folds: record.group.size, stratified };
}
