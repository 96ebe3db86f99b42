// Encodes ONNX messages with protobufjs from the official onnx.proto (vendored next to this file).
// The .proto is parsed at run time rather than compiled in: the CLI and extension are esbuild bundles,
// so the file is found from the package root, and must ship in the package (src/engine/onnx/onnx.proto).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { packageRoot } from '../../paths';

/** onnx.TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7 } as const;
/** onnx.AttributeProto.AttributeType values used here. */
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

let root: protobuf.Root | undefined;

export function onnxProtoPath(): string {
  const beside = path.join(__dirname, 'onnx.proto');
  // From src/ (tsx, tests) the file sits beside this module; from dist/ bundles it is found from the package root.
  if (fs.existsSync(beside)) return beside;
  return path.join(packageRoot(), 'src', 'engine', 'onnx', 'onnx.proto');
}

function onnxRoot(): protobuf.Root {
  return (root ??= protobuf.loadSync(onnxProtoPath()));
}

export function modelProtoType(): protobuf.Type {
  return onnxRoot().lookupType('onnx.ModelProto');
}

/** Plain-object ModelProto (camelCase field names, as protobufjs maps them) → bytes. */
export function encodeModel(model: ModelMessage): Uint8Array {
  const type = modelProtoType();
  const problem = type.verify(model);
  if (problem) throw new Error(`ONNX model does not fit onnx.proto: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/** Bytes → plain object (used by tests and the checker to read back what was written). */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  const type = modelProtoType();
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Array, defaults: false, arrays: true }) as ModelMessage;
}

// The subset of onnx.proto messages the exporter writes, as plain objects.
export interface TensorMessage {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array | number[];
  int64Data?: number[];
  floatData?: number[];
}
export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}
export interface NodeMessage {
  name: string;
  opType: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute?: AttributeMessage[];
}
export interface DimMessage {
  dimValue?: number;
  dimParam?: string;
}
export interface ValueInfoMessage {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: DimMessage[] } } };
}
export interface GraphMessage {
  name: string;
  node: NodeMessage[];
  initializer: TensorMessage[];
  input: ValueInfoMessage[];
  output: ValueInfoMessage[];
  valueInfo: ValueInfoMessage[];
  docString?: string;
}
export interface ModelMessage {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphMessage;
  metadataProps: { key: string; value: string }[];
}
