// The rules of onnx/checker.cc that can be checked in JS, applied to the model before it is encoded.
import { AttrType, DataType, type AttributeMessage, type ModelMessage, type TensorMessage } from './proto';
import { isKnownOp, opExists } from './opsets';

const ATTR_FIELD: Record<number, keyof AttributeMessage> = {
  [AttrType.FLOAT]: 'f',
  [AttrType.INT]: 'i',
  [AttrType.STRING]: 's',
  [AttrType.FLOATS]: 'floats',
  [AttrType.INTS]: 'ints',
  [AttrType.STRINGS]: 'strings',
};
const VALUE_FIELDS: (keyof AttributeMessage)[] = ['f', 'i', 's', 'floats', 'ints', 'strings'];
const ELEM_SIZE: Record<number, number> = { [DataType.FLOAT]: 4, [DataType.INT32]: 4, [DataType.INT64]: 8 };

/** Problems found (empty when the model passes). */
export function checkModel(model: ModelMessage): string[] {
  const problems: string[] = [];
  const fail = (msg: string) => problems.push(msg);
  if (!model.irVersion) fail('ir_version is not set');
  if (model.opsetImport.length === 0) fail('opset_import is empty');
  const domains = new Set(model.opsetImport.map((o) => o.domain));
  const opset = model.opsetImport.find((o) => o.domain === '')?.version ?? 0;
  const keys = new Set<string>();
  for (const { key } of model.metadataProps) {
    if (keys.has(key)) fail(`metadata key '${key}' appears twice`);
    keys.add(key);
  }
  const graph = model.graph;
  if (!graph.name) fail('graph has no name');
  for (const vi of [...graph.input, ...graph.output]) {
    const t = vi.type?.tensorType;
    if (!t || !t.elemType) fail(`graph input/output '${vi.name}' has no element type`);
    if (!t?.shape) fail(`graph input/output '${vi.name}' has no shape`);
  }
  // SSA + topological order: every input is a graph input, an initializer or an earlier node's output.
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (defined.has(name)) fail(`'${name}' is defined twice (${what})`);
    defined.add(name);
  };
  for (const i of graph.input) define(i.name, 'graph input');
  for (const t of graph.initializer) {
    define(t.name, 'initializer');
    problems.push(...checkTensor(t));
  }
  const nodeNames = new Set<string>();
  for (const node of graph.node) {
    const id = `node '${node.name}' (${node.opType})`;
    if (!node.opType) fail(`${node.name}: no op_type`);
    if (node.name && nodeNames.has(node.name)) fail(`${id}: name used twice`);
    nodeNames.add(node.name);
    if (node.domain && !domains.has(node.domain)) fail(`${id}: domain '${node.domain}' is not imported`);
    if (!isKnownOp(node.opType) || !opExists(node.opType, opset)) fail(`${id}: not an operator of opset ${opset}`);
    if (node.input.length === 0 && node.output.length === 0) fail(`${id}: no inputs or outputs`);
    for (const input of node.input) if (input !== '' && !defined.has(input)) fail(`${id}: input '${input}' is not defined before it (graph not topologically sorted)`);
    for (const a of node.attribute ?? []) {
      if (!a.name) fail(`${id}: attribute without a name`);
      const field = ATTR_FIELD[a.type];
      if (!field) fail(`${id}: attribute '${a.name}' has unknown type ${a.type}`);
      const set = VALUE_FIELDS.filter((f) => present(a[f]));
      if (set.length !== 1 || set[0] !== field) fail(`${id}: attribute '${a.name}' must set exactly its '${String(field)}' field, sets [${set.join(', ')}]`);
      if (a.type === AttrType.FLOAT && !Number.isFinite(a.f)) fail(`${id}: attribute '${a.name}' is not a finite number`);
      if (a.type === AttrType.INT && !Number.isInteger(a.i)) fail(`${id}: attribute '${a.name}' is not an integer`);
      if (a.type === AttrType.INTS && !a.ints?.every(Number.isInteger)) fail(`${id}: attribute '${a.name}' holds a non-integer`);
    }
    for (const output of node.output) if (output !== '') define(output, id);
  }
  for (const o of graph.output) if (!defined.has(o.name)) fail(`graph output '${o.name}' is never produced`);
  return problems;
}

/** Set, for a field read back by protobufjs (repeated fields come back as empty arrays when unset). */
function present(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  return typeof v === 'object' && 'length' in (v as object) ? (v as { length: number }).length > 0 : true;
}

function checkTensor(t: TensorMessage): string[] {
  const problems: string[] = [];
  if (!t.dataType) problems.push(`initializer '${t.name}': data_type is UNDEFINED`);
  const fields = [t.rawData, t.floatData, t.int64Data].filter(present);
  if (fields.length !== 1) problems.push(`initializer '${t.name}': ${fields.length} data fields (exactly one expected)`);
  const size = ELEM_SIZE[t.dataType];
  if (t.rawData !== undefined && size !== undefined) {
    const expected = t.dims.reduce((a, b) => a * b, 1) * size;
    if (t.rawData.length !== expected) problems.push(`initializer '${t.name}': raw_data holds ${t.rawData.length} bytes, shape [${t.dims}] needs ${expected}`);
  }
  if (t.dims.some((d) => !Number.isInteger(d) || d < 0)) problems.push(`initializer '${t.name}': bad dims [${t.dims}]`);
  return problems;
}
