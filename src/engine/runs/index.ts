export { RunStore, RunWriter, parseEvents } from './store';
export type { RunRecord, RunInit } from './record';
export { newRunId, slug } from './runId';
export { saveModel, loadModel } from './modelFiles';
export { gitInfo, fileSha256 } from './git';
