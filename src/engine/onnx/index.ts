// ONNX export: public entry points for the CLI and the extension.
export { exportModel, buildOnnxModel, type ExportOptions, type ExportReport, type ExportResult } from './exportModel';
export { exportRun, type ExportRunOptions, type ExportRunResult } from './exportRun';
export { OnnxExportError, UnsupportedLayerError } from './errors';
export { DEFAULT_OPSET, MIN_OPSET, MAX_OPSET } from './opsets';
export type { VerificationReport } from './verify';
