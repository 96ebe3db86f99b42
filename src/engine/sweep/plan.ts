// Plans a sweep before any trial trains: loads the model file (user code) in this process, checks the
// sweep config, and draws every trial's params, the metric and the goal.
import type { ParamSpec, Params } from '../../sdk/params';
import type { Experiment } from '../../sdk/types';
import { LoadError } from '../loader/errors';
import { loadModelFile, selectExperiment } from '../loader/evaluate';
import { resolveParallel } from '../process/parallel';
import { prepareData, resolveSettings } from '../train/setup';
import { defaultGoal, defaultMetric, type Goal } from './best';
import { checkSweepConfig, DEFAULT_RANDOM_TRIALS } from './config';
import { enumerateGrid, sampleRandom } from './space';

export interface SweepOverrides {
  /** Replaces the sweep's `trials` (random: draws; grid: cap). */
  trials?: number;
  /** Replaces the sweep's `parallel`. */
  parallel?: number | 'auto';
  epochs?: number;
  batchSize?: number;
  /** The experiment's seed for the trials and for drawing random trials. */
  seed?: number;
}

export interface SweepPlan {
  /** Absolute path of the model file. */
  file: string;
  /** The experiment's `name`. */
  experiment: string;
  method: 'grid' | 'random';
  space: Record<string, ParamSpec>;
  /** Each trial's params, in order. */
  trials: Params[];
  metric: string;
  goal: Goal;
  /** Trials trained at once. */
  parallel: number;
  seed: number;
}

export async function planSweep(file: string, experimentName: string | undefined, overrides: SweepOverrides = {}): Promise<SweepPlan> {
  const loaded = await loadModelFile(file);
  const { experiment } = selectExperiment(loaded, experimentName);
  return planExperimentSweep(loaded.file, experiment, overrides);
}

/** The plan for an already loaded experiment. Prepares its data once, to know whether it has validation. */
export async function planExperimentSweep(file: string, experiment: Experiment, overrides: SweepOverrides = {}): Promise<SweepPlan> {
  const sweep = checkSweepConfig(experiment, overrides.trials);
  const settings = resolveSettings(experiment, { epochs: overrides.epochs, batchSize: overrides.batchSize, seed: overrides.seed });
  const trials = sweep.method === 'grid' ? enumerateGrid(sweep.params, sweep.gridPoints, sweep.trials) : sampleRandom(sweep.params, sweep.trials ?? DEFAULT_RANDOM_TRIALS, settings.seed);
  const data = await prepareData(experiment, settings.seed, settings.lossName);
  const hasValidation = (data.validation?.count ?? 0) > 0;
  const metric = sweep.metric ?? defaultMetric(hasValidation);
  const recorded = ['loss', ...settings.metricNames];
  const available = hasValidation ? [...recorded, ...recorded.map((m) => `val_${m}`)] : recorded;
  if (!available.includes(metric)) {
    const why = metric.startsWith('val_') && !hasValidation ? ` (the data has no validation split: add validationSplit to the dataset options)` : '';
    throw new LoadError('bad-config', `sweep of '${experiment.config.name}': metric '${metric}' is not recorded by its runs${why}. They record: ${available.join(', ')}`, experiment.location);
  }
  return {
    file,
    experiment: experiment.config.name,
    method: sweep.method,
    space: sweep.params,
    trials,
    metric,
    goal: sweep.goal ?? defaultGoal(metric),
    parallel: resolveParallel(overrides.parallel ?? sweep.parallel, trials.length),
    seed: settings.seed,
  };
}
