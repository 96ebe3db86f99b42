// The run store: every training run on disk (run.json, events.jsonl, saved models).
export { RunStore, RunWriter, parseEvents } from './store';
export { applyEvent, newRecord, type RunRecord, type RunInit } from '../../protocol/runRecord';
export { newRunId, slug } from './runId';
export { saveModel, loadModel } from './modelFiles';
export { gitInfo, fileSha256 } from './git';
export { writeFileAtomic } from './atomicFile';
export { listGroups, readGroup, writeGroup, groupFile, type GroupRecord, type SweepRecord, type CrossValidationRecord, type GroupMember } from './groups';
