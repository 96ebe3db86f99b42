// Errors of the exporter. `unsupported` and `bad-input` are the user's to fix (CLI exit 2);
// `verification` means the file was wrong and was not written (exit 1); `internal` is our bug.
import type { SourceLocation } from '../../sdk/types';
import { formatLocation } from '../loader/errors';

export type ExportErrorCode = 'unsupported-layer' | 'bad-input' | 'verification-failed' | 'internal';

export class OnnxExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
    readonly layer?: { name: string; className: string; location?: SourceLocation },
  ) {
    super(message);
    this.name = 'OnnxExportError';
  }
}

/** Thrown by converters for a layer (or a layer option) with no verified ONNX mapping. */
export class UnsupportedLayerError extends OnnxExportError {
  constructor(layer: { name: string; className: string; location?: SourceLocation }, reason: string) {
    const where = layer.location ? ` (${formatLocation(layer.location)})` : '';
    super('unsupported-layer', `Cannot export layer '${layer.name}' (${layer.className})${where} to ONNX: ${reason}`, layer);
  }
}
