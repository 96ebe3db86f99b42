// A small schema language for the objects a model file hands the engine (the experiment, dataset options,
// callbacks, schedules, …): which keys exist, what each holds, and one line on what it means. One mechanism for
// every object: an unknown key or a wrong type is reported with the path of the key, the allowed keys and the
// closest one ("did you mean"), and the README's option tables are made from the same schemas.
import { closestMatch } from '../util/didYouMean';

export type Schema =
  | { kind: 'number'; integer?: boolean; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }
  | { kind: 'boolean' }
  | { kind: 'string' }
  | { kind: 'enum'; values: readonly (string | number | boolean)[] }
  | { kind: 'function' }
  | { kind: 'array'; of: Schema; minLength?: number }
  | { kind: 'record'; of: Schema }
  | { kind: 'object'; name: string; fields: Record<string, Field> }
  /** The first alternative whose `test` holds validates the value; none: the value is of a wrong type. */
  | { kind: 'oneOf'; alternatives: { test: (v: unknown) => boolean; schema: Schema }[]; describe: string }
  /** Values the engine checks itself (a tf.Optimizer, a tensor): only described here. */
  | { kind: 'any'; describe: string };

export interface Field {
  schema: Schema;
  /** One line for the docs. */
  help: string;
  default?: string;
  required?: boolean;
}

export interface SchemaIssue {
  /** Keys from the checked object down to the offending one, e.g. ['earlyStopping', 'patiense']. */
  path: string[];
  message: string;
}

export const num = (o: Omit<Extract<Schema, { kind: 'number' }>, 'kind'> = {}): Schema => ({ kind: 'number', ...o });
export const bool: Schema = { kind: 'boolean' };
export const str: Schema = { kind: 'string' };
export const func: Schema = { kind: 'function' };
export const oneOfValues = (values: readonly (string | number | boolean)[]): Schema => ({ kind: 'enum', values });
export const arrayOf = (of: Schema, minLength?: number): Schema => ({ kind: 'array', of, minLength });
export const recordOf = (of: Schema): Schema => ({ kind: 'record', of });
export const object = (name: string, fields: Record<string, Field>): Extract<Schema, { kind: 'object' }> => ({ kind: 'object', name, fields });
export const anyOf = (describe: string, ...alternatives: { test: (v: unknown) => boolean; schema: Schema }[]): Schema => ({ kind: 'oneOf', alternatives, describe });
export const opaque = (describe: string): Schema => ({ kind: 'any', describe });

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Every issue in `value` against `schema`; `path` is where `value` sits. */
export function validate(value: unknown, schema: Schema, path: string[] = []): SchemaIssue[] {
  const at = (message: string): SchemaIssue[] => [{ path, message }];
  const where = path.length ? `'${path.join('.')}'` : 'the value';
  switch (schema.kind) {
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value)) return at(`${where} must be ${describeSchema(schema)}, got ${show(value)}`);
      const tooLow = schema.min !== undefined && (schema.minExclusive ? value <= schema.min : value < schema.min);
      const tooHigh = schema.max !== undefined && (schema.maxExclusive ? value >= schema.max : value > schema.max);
      if ((schema.integer && !Number.isInteger(value)) || !Number.isFinite(value) || tooLow || tooHigh) return at(`${where} must be ${describeSchema(schema)}, got ${show(value)}`);
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : at(`${where} must be true or false, got ${show(value)}`);
    case 'string':
      return typeof value === 'string' ? [] : at(`${where} must be a string, got ${show(value)}`);
    case 'function':
      return typeof value === 'function' ? [] : at(`${where} must be a function, got ${show(value)}`);
    case 'enum': {
      if (schema.values.includes(value as string)) return [];
      const meant = typeof value === 'string' ? closestMatch(value, schema.values.map(String)) : undefined;
      return at(`${where} must be one of ${schema.values.map((v) => show(v)).join(', ')}, got ${show(value)}${meant ? ` — did you mean '${meant}'?` : ''}`);
    }
    case 'array':
      if (!Array.isArray(value)) return at(`${where} must be an array, got ${show(value)}`);
      if (schema.minLength !== undefined && value.length < schema.minLength) return at(`${where} must hold at least ${schema.minLength} item${schema.minLength > 1 ? 's' : ''}`);
      return value.flatMap((v, i) => validate(v, schema.of, [...path.slice(0, -1), `${path.at(-1) ?? ''}[${i}]`]));
    case 'record':
      if (!isPlainObject(value)) return at(`${where} must be an object, got ${show(value)}`);
      return Object.entries(value).flatMap(([k, v]) => validate(v, schema.of, [...path, k]));
    case 'object':
      return validateObject(value, schema, path);
    case 'oneOf': {
      const match = schema.alternatives.find((a) => a.test(value));
      return match ? validate(value, match.schema, path) : at(`${where} must be ${schema.describe}, got ${show(value)}`);
    }
    case 'any':
      return [];
  }
}

function validateObject(value: unknown, schema: Extract<Schema, { kind: 'object' }>, path: string[]): SchemaIssue[] {
  const where = path.length ? `'${path.join('.')}'` : schema.name;
  if (!isPlainObject(value)) return [{ path, message: `${where} must be an object (${schema.name}), got ${show(value)}` }];
  const issues: SchemaIssue[] = [];
  const allowed = Object.keys(schema.fields);
  for (const [key, v] of Object.entries(value)) {
    const field = schema.fields[key];
    if (!field) {
      const meant = closestMatch(key, allowed);
      issues.push({ path: [...path, key], message: `unknown key '${key}'${meant ? ` — did you mean '${meant}'?` : ''} (${schema.name} has no option '${key}'; its options: ${allowed.join(', ')})` });
      continue;
    }
    if (v === undefined) continue;
    issues.push(...validate(v, field.schema, [...path, key]));
  }
  for (const [key, field] of Object.entries(schema.fields)) {
    if (field.required && value[key] === undefined) issues.push({ path: [...path, key], message: `${schema.name} needs '${key}': ${field.help}` });
  }
  return issues;
}

/** How a schema's values read in a message or a table: "a whole number ≥ 1", "'sgd' | 'adam'". */
export function describeSchema(schema: Schema): string {
  switch (schema.kind) {
    case 'number': {
      const kind = schema.integer ? 'a whole number' : 'a number';
      const low = schema.min !== undefined ? `${schema.minExclusive ? '>' : '≥'} ${schema.min}` : '';
      const high = schema.max !== undefined ? `${schema.maxExclusive ? '<' : '≤'} ${schema.max}` : '';
      if (low && high && schema.min === 0 && schema.max === 1) return `${kind} in ${schema.minExclusive ? '(' : '['}0, 1${schema.maxExclusive ? ')' : ']'}`;
      return [kind, low, high].filter(Boolean).join(' ').replace(/ ≥ (\S+) ≤/, ' ≥ $1 and ≤').replace(/ > (\S+) </, ' > $1 and <');
    }
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'function':
      return 'a function';
    case 'enum':
      return schema.values.map((v) => show(v)).join(' | ');
    case 'array':
      return `an array of ${describeSchema(schema.of).replace(/^an? /, '')}`;
    case 'record':
      return 'an object';
    case 'object':
      return `{ ${Object.keys(schema.fields).join(', ')} }`;
    case 'oneOf':
    case 'any':
      return schema.describe;
  }
}

/** A value as the user wrote it (JSON.stringify would print NaN as null and a function as nothing). */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
