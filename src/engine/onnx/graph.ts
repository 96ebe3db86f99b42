// Builds an ONNX graph: nodes with unique names, initializers, value infos, and the few graph-level
// rewrites the exporter needs (cancelling inverse Transposes, dropping dead nodes, naming outputs).
import { AttrType, DataType, type AttributeMessage, type DimMessage, type GraphMessage, type NodeMessage, type TensorMessage, type ValueInfoMessage } from './proto';
import { opExists } from './opsets';
import { float32Bytes, int64Bytes } from './tensors';
import { OnnxExportError } from './errors';

/** An attribute value with its ONNX type spelled out: JS has one number type, ONNX has INT and FLOAT. */
export const attr = {
  int: (name: string, i: number): AttributeMessage => ({ name, type: AttrType.INT, i }),
  float: (name: string, f: number): AttributeMessage => ({ name, type: AttrType.FLOAT, f }),
  ints: (name: string, ints: number[]): AttributeMessage => ({ name, type: AttrType.INTS, ints }),
  floats: (name: string, floats: number[]): AttributeMessage => ({ name, type: AttrType.FLOATS, floats }),
  string: (name: string, s: string): AttributeMessage => ({ name, type: AttrType.STRING, s: Buffer.from(s, 'utf8') }),
  strings: (name: string, strings: string[]): AttributeMessage => ({ name, type: AttrType.STRINGS, strings: strings.map((s) => Buffer.from(s, 'utf8')) }),
};

/** A tfjs shape: null for unknown (the batch, a free time axis). */
export type Shape = (number | null)[];

export function valueInfo(name: string, shape: Shape, elemType: number = DataType.FLOAT, batchParam = 'batch'): ValueInfoMessage {
  const dim: DimMessage[] = shape.map((d, i) => (d !== null ? { dimValue: d } : i === 0 ? { dimParam: batchParam } : {}));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

function inversePerm(perm: number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  readonly initializers: TensorMessage[] = [];
  readonly valueInfos = new Map<string, ValueInfoMessage>();
  private readonly used = new Set<string>();
  private readonly producer = new Map<string, NodeMessage>();

  constructor(readonly opset: number) {}

  /** A name not used yet in this graph, derived from `base`. */
  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  isUsed(name: string): boolean {
    return this.used.has(name);
  }

  reserve(name: string): void {
    if (this.used.has(name)) throw new OnnxExportError('internal', `ONNX name '${name}' used twice`);
    this.used.add(name);
  }

  /** Adds a node; returns its output names (`outputs` of them, named after the node). */
  node(op: string, inputs: string[], attributes: AttributeMessage[], name: string, outputs = 1): string[] {
    // Fail at build time on an op the declared opset does not have (the checker re-checks the file).
    if (!opExists(op, this.opset)) throw new OnnxExportError('internal', `ONNX op ${op} is not available at opset ${this.opset}`);
    const nodeName = this.unique(name);
    const out = Array.from({ length: outputs }, (_, i) => this.unique(outputs === 1 ? `${nodeName}:0` : `${nodeName}:${i}`));
    const node: NodeMessage = { name: nodeName, opType: op, input: inputs, output: out, attribute: attributes };
    this.nodes.push(node);
    for (const o of out) this.producer.set(o, node);
    return out;
  }

  /** Single-output node. */
  op(op: string, inputs: string[], name: string, ...attributes: AttributeMessage[]): string {
    return this.node(op, inputs, attributes, name)[0];
  }

  float(name: string, dims: number[], data: Float32Array | number[]): string {
    const v = data instanceof Float32Array ? data : Float32Array.from(data);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== v.length) throw new OnnxExportError('internal', `initializer ${name}: ${v.length} values for shape [${dims}]`);
    const n = this.unique(name);
    this.initializers.push({ name: n, dims, dataType: DataType.FLOAT, rawData: float32Bytes(v) });
    return n;
  }

  int64(name: string, dims: number[], data: (number | bigint)[]): string {
    const n = this.unique(name);
    this.initializers.push({ name: n, dims, dataType: DataType.INT64, rawData: int64Bytes(data) });
    return n;
  }

  scalar(name: string, value: number): string {
    return this.float(name, [], [value]);
  }

  /** Transpose, cancelled against the Transpose that produced `x` when they are inverses (NCHW↔NHWC pairs). */
  transpose(x: string, perm: number[], name: string): string {
    const src = this.producer.get(x);
    if (src && src.opType === 'Transpose') {
      const prev = src.attribute?.find((a) => a.name === 'perm')?.ints;
      if (prev && prev.length === perm.length && inversePerm(prev).every((p, i) => p === perm[i])) return src.input[0];
    }
    return this.op('Transpose', [x], name, attr.ints('perm', perm));
  }

  setValueInfo(name: string, shape: Shape, elemType: number = DataType.FLOAT): void {
    this.valueInfos.set(name, valueInfo(name, shape, elemType));
  }

  /** Renames a node output (to give graph outputs their model names). */
  rename(from: string, to: string): void {
    this.reserve(to);
    for (const node of this.nodes) {
      node.input = node.input.map((i) => (i === from ? to : i));
      node.output = node.output.map((o) => (o === from ? to : o));
    }
    const vi = this.valueInfos.get(from);
    if (vi) {
      this.valueInfos.delete(from);
      this.valueInfos.set(to, { ...vi, name: to });
    }
    const p = this.producer.get(from);
    if (p) {
      this.producer.delete(from);
      this.producer.set(to, p);
    }
  }

  isNodeOutput(name: string): boolean {
    return this.producer.has(name);
  }

  /** Drops nodes whose outputs nobody reads (left behind by cancelled transposes) and unused initializers. */
  prune(graphOutputs: string[]): void {
    const needed = new Set(graphOutputs);
    const keep: NodeMessage[] = [];
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i];
      if (node.output.some((o) => needed.has(o))) {
        keep.push(node);
        for (const inp of node.input) if (inp) needed.add(inp);
      }
    }
    this.nodes.splice(0, this.nodes.length, ...keep.reverse());
    const inits = this.initializers.filter((t) => needed.has(t.name));
    this.initializers.splice(0, this.initializers.length, ...inits);
    for (const name of [...this.valueInfos.keys()]) if (!needed.has(name) || graphOutputs.includes(name)) this.valueInfos.delete(name);
  }

  toGraph(name: string, inputs: ValueInfoMessage[], outputs: ValueInfoMessage[], docString?: string): GraphMessage {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: inputs,
      output: outputs,
      valueInfo: [...this.valueInfos.values()].filter((v) => !inputs.some((i) => i.name === v.name)),
      docString,
    };
  }
}
