// An experiment's `crossValidation` (with command-line overrides), checked before any fold starts:
// each mistake is a LoadError at the experiment's `experiment({...})` call.
import type { Experiment } from '../../sdk/types';
import { LoadError } from '../loader/errors';

export interface CrossValidationOverrides {
  /** --folds: wins over the experiment's, and allows cross-validating an experiment that declares none. */
  folds?: number;
  /** --parallel: wins over the experiment's. */
  parallel?: number | 'auto';
}

export interface CrossValidationSettings {
  folds: number;
  /** As declared; undefined means by class for classification, plain for regression (settled by the data). */
  stratified?: boolean;
  parallel?: number | 'auto';
}

const KNOWN_KEYS = ['folds', 'stratified', 'parallel'];

export function resolveCrossValidation(experiment: Experiment, overrides: CrossValidationOverrides = {}): CrossValidationSettings {
  const fail = (message: string): never => {
    throw new LoadError('bad-config', message, experiment.location);
  };
  const declared = experiment.config.crossValidation as unknown;
  if (declared !== undefined && (typeof declared !== 'object' || declared === null || Array.isArray(declared))) {
    fail(`'crossValidation' must be an object such as { folds: 5 }, got ${JSON.stringify(declared)}`);
  }
  const cv = (declared ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(cv)) {
    if (!KNOWN_KEYS.includes(key)) fail(`Unknown crossValidation option '${key}': use ${KNOWN_KEYS.join(', ')}`);
  }
  const folds = overrides.folds ?? cv.folds;
  if (folds === undefined) {
    fail(`'${experiment.config.name}' declares no crossValidation: add crossValidation: { folds: 5 } to the experiment, or pass --folds N`);
  }
  if (typeof folds !== 'number' || !Number.isInteger(folds) || folds < 2) {
    fail(`${overrides.folds !== undefined ? '--folds' : "'crossValidation.folds'"} must be a whole number ≥ 2, got ${JSON.stringify(folds)}`);
  }
  if (cv.stratified !== undefined && typeof cv.stratified !== 'boolean') {
    fail(`'crossValidation.stratified' must be true or false, got ${JSON.stringify(cv.stratified)}`);
  }
  const parallel = overrides.parallel ?? cv.parallel;
  if (parallel !== undefined && parallel !== 'auto' && !(typeof parallel === 'number' && Number.isInteger(parallel) && parallel >= 1)) {
    fail(`${overrides.parallel !== undefined ? '--parallel' : "'crossValidation.parallel'"} must be a whole number ≥ 1 or 'auto', got ${JSON.stringify(parallel)}`);
  }
  return { folds: folds as number, stratified: cv.stratified as boolean | undefined, parallel: parallel as number | 'auto' | undefined };
}
