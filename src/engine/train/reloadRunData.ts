// A recorded run's experiment, reloaded from its model file, with its data split exactly as the run drew
// it (same seed): what exporting (real inputs to verify with) and test evaluation (the held-out split) need.
import { loadModelFile, selectExperiment } from '../loader/evaluate';
import type { RunRecord } from '../runs/record';
import { prepareData, resolveSettings } from './setup';

export async function reloadRunData(record: Pick<RunRecord, 'file' | 'experiment' | 'seed'>) {
  const loaded = await loadModelFile(record.file);
  const { experiment } = selectExperiment(loaded, record.experiment);
  const settings = resolveSettings(experiment, { seed: record.seed });
  const data = await prepareData(experiment, settings.seed, settings.lossName);
  return { experiment, settings, data };
}
