// The engine's public face: what the command line, the extension and the editor logic (src/ide) use. Everything
// else under src/engine is the engine's own business and may change shape freely; wire types (events, run and
// group records, findings) live in src/protocol. package.json marks the sources free of import side effects, so
// a front that uses a few of these entry points bundles only the modules behind them (the extension host never
// loads TensorFlow.js through this file).

// Training: start a run in its own process, and what it ends with.
export { findWorkspace, newRunIdFor, startTraining, type TrainingHandle, type TrainingOutcome } from './process/launcher';
export type { TrainRequest } from './process/protocol';

// Jobs (range test, sweep, cross-validation, export, evaluation): in this process, or in a job process of their own.
export { exportFinishedEvent, startJob, type JobHandle } from './jobs/runJob';
export { startJobProcess, type JobOutcome, type JobProcess } from './process/jobLauncher';

// Workflows made of runs.
export { startSweep } from './sweep/runSweep';
export { planSweep, type SweepPlan } from './sweep/plan';
export { defaultGoal, pickBest, rankTrials } from './sweep/best';
export { startCrossValidation, type CrossValidationOptions } from './crossValidation/run';
export { aggregateFolds } from './crossValidation/aggregate';
export { LrRangeError, runLrFind } from './lrFind/runLrFind';
export { DegenerateCurveError } from './lrFind/suggest';

// Trained runs: their store, evaluation and export.
export { RunStore } from './runs/store';
export { judgedMetrics } from '../protocol/runRecord';
export { groupFile, listGroups, readGroup } from './runs/groups';
export { fileSha256 } from './runs/git';
export { evaluateRun, EvaluationError, type EvaluationResult } from './evaluate/evaluateRun';
export { DEFAULT_OPSET, exportRun, MAX_OPSET, MIN_OPSET, OnnxExportError, type ExportRunResult } from './onnx/index';

// Backends.
export { BACKEND_REQUESTS } from './backend/select';
export { backendReport, probeBackend, type BackendReport, type BackendStatus } from './backend/status';
export { backendsDir, NATIVE_PACKAGES, tfjsVersion, type NativeBackend } from './backend/nativePackages';
export { installNativeBackend, removeNativeBackend } from './backend/install';

// Model files: load errors and where things are written.
export { formatLoadError, formatLocation, LoadError } from './loader/errors';
export { offsetOf, positionOf, skipNonCode } from './loader/configLocations';
export { DEFAULT_LEARNING_RATE } from './optim/defaults';
export { closestMatch } from './util/didYouMean';

// Diagnostics: the rules' metadata (the findings themselves arrive as training events).
export { ruleSummaries } from './diagnostics/ruleSummaries';
