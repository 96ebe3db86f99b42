// Quick fixes for diagnostics, as plain text edits on the model file's source. Each fix is offered only
// where the edit is safe to make mechanically: the layer's call has an object literal to change, the
// optimizer is written as a name or an object literal, the layer sits in a `layers: [...]` array.
// The extension turns these into WorkspaceEdits (so the user can undo them); tests apply them to text.
import { DEFAULT_LEARNING_RATE } from '../engine';
import type { OptimizerName } from '../sdk/types';
import { experimentAt, scanExperiments, type ScannedExperiment } from './experimentScanner';
import { callAt, indentAt, layerCalls, matchClose, objectArgument, objectEntries, offsetOf, skipNonCode, type CallSpan, type ObjectEntry } from './sourceScan';

export interface SourceEdit {
  start: number;
  end: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: SourceEdit[];
  /** The fix most likely to help, shown first and applied by "auto fix". */
  preferred?: boolean;
}

/** What a fix needs to know about a finding. */
export interface FixableFinding {
  code: string;
  /** 1-based position the finding points at (a layer's call, or a config key). */
  line: number;
  column: number;
  evidence?: Record<string, number | string | boolean>;
}

export function quickFixesFor(text: string, finding: FixableFinding): QuickFix[] {
  const offset = offsetOf(text, finding.line, finding.column);
  const experiment = experimentAt(scanExperiments(text), offset);
  const layer = layerCallAt(text, offset);
  const fixes: (QuickFix | undefined)[] = [];
  const e = finding.evidence ?? {};
  switch (finding.code) {
    case 'dead-relu':
      if (layer) {
        if (/^constant\(-/.test(String(e.biasInitializer ?? ''))) fixes.push(setLayerOption(text, layer, 'biasInitializer', "'zeros'", 'Initialize the biases to zero'));
        if (!/^he/.test(String(e.kernelInitializer ?? ''))) fixes.push(setLayerOption(text, layer, 'kernelInitializer', "'heNormal'", 'Use He initialization (heNormal)'));
        fixes.push(leakyReluInstead(text, layer));
      }
      if (e.deadFromStart === false && experiment) fixes.push(scaleLearningRate(text, experiment, 0.1));
      break;
    case 'vanishing-gradient':
    case 'saturated-activation':
      if (layer) {
        const activation = layerActivation(text, layer);
        if (activation && /^(sigmoid|tanh|hardSigmoid|softsign)$/.test(activation)) fixes.push(reluWithHe(text, layer, activation));
        else if (activation === 'relu' && !/^'he/.test(layerOption(text, layer, 'kernelInitializer') ?? '')) fixes.push(setLayerOption(text, layer, 'kernelInitializer', "'heNormal'", 'Use He initialization (heNormal)'));
      }
      break;
    case 'exploding-gradient':
    case 'diverged':
    case 'exploding-activations': {
      // Weights that start oversized: the initializer is the fix, before the learning rate.
      const oversized = String(e.oversizedInitializer ?? (e.cause === 'initialization' || finding.code === 'exploding-activations' ? 'kernelInitializer' : ''));
      if (layer && oversized) fixes.push(matchedInitializer(text, layer, oversized));
      if (experiment && finding.code !== 'exploding-activations') fixes.push(scaleLearningRate(text, experiment, 0.1), clipNorm(text, experiment));
      break;
    }
    case 'oscillating-loss':
      if (experiment) fixes.push(scaleLearningRate(text, experiment, 0.1));
      break;
    case 'learning-rate-range':
      if (experiment) fixes.push(e.direction === 'low' ? defaultLearningRate(text, experiment) : scaleLearningRate(text, experiment, 0.1));
      break;
    case 'loss-plateau':
      if (experiment) fixes.push(scaleLearningRate(text, experiment, 10));
      break;
    case 'overfitting':
      if (experiment) fixes.push(dropoutBeforeOutput(text, experiment), l2OnHiddenLayers(text, experiment), earlyStopping(text, experiment));
      break;
    case 'unnormalized-inputs':
      if (experiment) fixes.push(setDataOption(text, experiment, 'normalize', 'true', 'Standardize the features (normalize: true)'));
      break;
    case 'unnormalized-targets':
      if (experiment) fixes.push(setDataOption(text, experiment, 'normalizeTargets', 'true', 'Standardize the regression targets (normalizeTargets: true)'));
      break;
  }
  const offered = fixes.filter((f): f is QuickFix => f !== undefined && f.edits.length > 0);
  if (offered.length > 0 && !offered.some((f) => f.preferred)) offered[0] = { ...offered[0], preferred: true };
  return offered;
}

/** Applies non-overlapping edits to text (used by tests and previews). */
export function applyEdits(text: string, edits: SourceEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

// ---------------------------------------------------------------- layers

/** The layer call a finding points at: the call at its position, or the innermost one around it (a finding on one of the layer's options). */
function layerCallAt(text: string, offset: number): CallSpan | undefined {
  const call = callAt(text, offset);
  if (call && /(^|\.)layers\.[\w$]+$/.test(call.callee)) return call;
  return layerCalls(text, 0, text.length)
    .filter((c) => c.start <= offset && offset <= c.close)
    .sort((a, b) => b.start - a.start)[0];
}

function layerEntries(text: string, layer: CallSpan): { brace: number; entries: ObjectEntry[] } | undefined {
  const brace = objectArgument(text, layer);
  return brace === undefined ? undefined : { brace, entries: objectEntries(text, brace) };
}

function layerOption(text: string, layer: CallSpan, key: string): string | undefined {
  const entry = layerEntries(text, layer)?.entries.find((e) => e.key === key);
  return entry ? text.slice(entry.valueStart, entry.valueEnd) : undefined;
}

function layerActivation(text: string, layer: CallSpan): string | undefined {
  const value = layerOption(text, layer, 'activation');
  return value ? /^['"`](\w+)['"`]$/.exec(value)?.[1] : undefined;
}

function setLayerOption(text: string, layer: CallSpan, key: string, value: string, title: string): QuickFix | undefined {
  const literal = layerEntries(text, layer);
  if (!literal) return undefined;
  return { title, edits: [setEntry(text, literal.brace, literal.entries, key, value)] };
}

/** The standard initializer for the layer's activation (orthogonal for a recurrent kernel), in place of an oversized one. */
function matchedInitializer(text: string, layer: CallSpan, option: string): QuickFix | undefined {
  if (option === 'recurrentInitializer') return setLayerOption(text, layer, option, "'orthogonal'", 'Use an orthogonal recurrent initializer');
  const relu = /^(relu|relu6|elu|selu)$/.test(layerActivation(text, layer) ?? '');
  return relu
    ? setLayerOption(text, layer, option, "'heNormal'", 'Use He initialization (heNormal)')
    : setLayerOption(text, layer, option, "'glorotUniform'", 'Use Glorot initialization (glorotUniform)');
}

/** The tfjs namespace the file uses for layers: `tf` in `tf.layers.dense`. */
function namespaceOf(callee: string): string {
  return callee.replace(/\.?layers\.[\w$]+$/, '') || 'tf';
}

/** True when the call is an element of an array literal (a `layers: [...]` list). */
function inArray(text: string, call: CallSpan): boolean {
  const before = previousCodeChar(text, call.start);
  const after = nextCodeChar(text, call.close + 1);
  return (before === '[' || before === ',') && (after === ']' || after === ',');
}

function leakyReluInstead(text: string, layer: CallSpan): QuickFix | undefined {
  const literal = layerEntries(text, layer);
  const activation = literal?.entries.find((e) => e.key === 'activation');
  if (!literal || !activation || layerActivation(text, layer) !== 'relu' || !inArray(text, layer)) return undefined;
  const ns = namespaceOf(layer.callee);
  return {
    title: `Use leakyReLU instead of relu (a ${ns}.layers.leakyReLU layer after this one)`,
    edits: [removeEntry(text, activation), insertAfterInArray(text, layer, `${ns}.layers.leakyReLU({ alpha: 0.1 })`)],
  };
}

function reluWithHe(text: string, layer: CallSpan, activation: string): QuickFix | undefined {
  const literal = layerEntries(text, layer);
  if (!literal) return undefined;
  const edits = [setEntry(text, literal.brace, literal.entries, 'activation', "'relu'")];
  if (!literal.entries.some((e) => e.key === 'kernelInitializer')) edits.push(setEntry(text, literal.brace, literal.entries, 'kernelInitializer', "'heNormal'"));
  return { title: `Use relu with He initialization instead of ${activation}`, edits };
}

// ---------------------------------------------------------------- optimizer and learning rate

function formatNumber(x: number): string {
  const rounded = Number(x.toPrecision(6));
  const plain = String(rounded);
  const exp = rounded.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e');
  return exp.length < plain.length ? exp : plain;
}

function parseNumber(literal: string): number | undefined {
  const v = Number(literal.replace(/_/g, ''));
  return literal.trim() !== '' && Number.isFinite(v) ? v : undefined;
}

function entryOf(experiment: ScannedExperiment, key: string): ObjectEntry | undefined {
  return experiment.entries.find((e) => e.key === key);
}

function stringValue(text: string, entry: ObjectEntry): string | undefined {
  return /^['"`](\w+)['"`]$/.exec(text.slice(entry.valueStart, entry.valueEnd))?.[1];
}

/** Where an experiment's learning rate is written, as far as a text edit can reach it. */
type LearningRateSite =
  /** `optimizer: 'adam'`: a bare name (its default rate). */
  | { kind: 'name'; optimizer: ObjectEntry; name: string }
  /** `learningRate: 0.01`, or a schedule's `initial: 0.01` (`current` when it is a plain number). */
  | { kind: 'value'; start: number; end: number; current?: number }
  /** An optimizer object without `learningRate`. */
  | { kind: 'missing'; brace: number; entries: ObjectEntry[]; name?: string }
  /** No `optimizer` key at all (the engine's default, adam). */
  | { kind: 'absent' }
  /** A function, a tf.train.* instance, a variable, a schedule without `initial`. */
  | { kind: 'unsupported' };

function learningRateSite(text: string, experiment: ScannedExperiment): LearningRateSite {
  const optimizer = entryOf(experiment, 'optimizer');
  if (!optimizer) return { kind: 'absent' };
  const name = stringValue(text, optimizer);
  if (name) return { kind: 'name', optimizer, name };
  if (text[optimizer.valueStart] !== '{') return { kind: 'unsupported' };
  const entries = objectEntries(text, optimizer.valueStart);
  const lrEntry = entries.find((e) => e.key === 'learningRate');
  if (!lrEntry) {
    const nameEntry = entries.find((e) => e.key === 'name');
    return { kind: 'missing', brace: optimizer.valueStart, entries, name: nameEntry ? stringValue(text, nameEntry) : undefined };
  }
  let target: ObjectEntry | undefined = lrEntry;
  if (text[lrEntry.valueStart] === '{') target = objectEntries(text, lrEntry.valueStart).find((e) => e.key === 'initial');
  if (!target) return { kind: 'unsupported' };
  return { kind: 'value', start: target.valueStart, end: target.valueEnd, current: parseNumber(text.slice(target.valueStart, target.valueEnd)) };
}

function isOptimizerName(name: string | undefined): name is OptimizerName {
  return name !== undefined && name in DEFAULT_LEARNING_RATE;
}

function scaleLearningRate(text: string, experiment: ScannedExperiment, factor: number): QuickFix | undefined {
  const site = learningRateSite(text, experiment);
  const verb = factor < 1 ? `Lower the learning rate ${Math.round(1 / factor)}×` : `Raise the learning rate ${factor}×`;
  if (site.kind === 'name' && isOptimizerName(site.name)) {
    const lr = formatNumber(DEFAULT_LEARNING_RATE[site.name] * factor);
    return { title: `${verb} (${lr})`, edits: [{ start: site.optimizer.valueStart, end: site.optimizer.valueEnd, newText: `{ name: '${site.name}', learningRate: ${lr} }` }] };
  }
  if (site.kind === 'missing' && isOptimizerName(site.name)) {
    const lr = formatNumber(DEFAULT_LEARNING_RATE[site.name] * factor);
    return { title: `${verb} (${lr})`, edits: [setEntry(text, site.brace, site.entries, 'learningRate', lr)] };
  }
  if (site.kind !== 'value' || site.current === undefined) return undefined;
  const lr = formatNumber(site.current * factor);
  return { title: `${verb} (${text.slice(site.start, site.end)} → ${lr})`, edits: [{ start: site.start, end: site.end, newText: lr }] };
}

/** The engine's optimizer when a model file names none. */
const DEFAULT_OPTIMIZER = 'adam';

/**
 * The edit that writes `learningRate` into the optimizer of the experiment named `experiment` (its name or
 * export name): a bare name becomes an object, a number or a schedule's `initial` is replaced, an object
 * without one gets it, a missing optimizer is added as adam (the engine's default). Undefined where the
 * optimizer is written as code (a function, a tf.train.* instance, a variable) or the experiment is not found.
 */
export function setLearningRate(text: string, experiment: string | undefined, learningRate: number): SourceEdit | undefined {
  const experiments = scanExperiments(text);
  const target = experiment === undefined ? experiments[0] : experiments.find((e) => e.name === experiment || e.exportName === experiment);
  if (!target || !(learningRate > 0) || !Number.isFinite(learningRate)) return undefined;
  const lr = formatNumber(learningRate);
  const site = learningRateSite(text, target);
  switch (site.kind) {
    case 'name':
      return { start: site.optimizer.valueStart, end: site.optimizer.valueEnd, newText: `{ name: '${site.name}', learningRate: ${lr} }` };
    case 'value':
      return { start: site.start, end: site.end, newText: lr };
    case 'missing':
      return setEntry(text, site.brace, site.entries, 'learningRate', lr);
    case 'absent':
      return target.literal === undefined ? undefined : setEntry(text, target.literal, target.entries, 'optimizer', `{ name: '${DEFAULT_OPTIMIZER}', learningRate: ${lr} }`);
    case 'unsupported':
      return undefined;
  }
}

function defaultLearningRate(text: string, experiment: ScannedExperiment): QuickFix | undefined {
  const optimizer = entryOf(experiment, 'optimizer');
  if (!optimizer || text[optimizer.valueStart] !== '{') return undefined;
  const entries = objectEntries(text, optimizer.valueStart);
  const nameEntry = entries.find((e) => e.key === 'name');
  const name = nameEntry ? stringValue(text, nameEntry) : undefined;
  const lrEntry = entries.find((e) => e.key === 'learningRate');
  if (!name || !(name in DEFAULT_LEARNING_RATE) || !lrEntry || parseNumber(text.slice(lrEntry.valueStart, lrEntry.valueEnd)) === undefined) return undefined;
  const lr = formatNumber(DEFAULT_LEARNING_RATE[name as OptimizerName]);
  return { title: `Use ${name}'s default learning rate (${lr})`, edits: [{ start: lrEntry.valueStart, end: lrEntry.valueEnd, newText: lr }] };
}

function clipNorm(text: string, experiment: ScannedExperiment): QuickFix | undefined {
  const optimizer = entryOf(experiment, 'optimizer');
  if (!optimizer) return undefined;
  const title = 'Clip gradients: clipNorm 1 on the optimizer';
  const name = stringValue(text, optimizer);
  if (name) return { title, edits: [{ start: optimizer.valueStart, end: optimizer.valueEnd, newText: `{ name: '${name}', clipNorm: 1 }` }] };
  if (text[optimizer.valueStart] !== '{') return undefined;
  const entries = objectEntries(text, optimizer.valueStart);
  if (entries.some((e) => e.key === 'clipNorm' || e.key === 'globalClipNorm')) return undefined;
  return { title, edits: [setEntry(text, optimizer.valueStart, entries, 'clipNorm', '1')] };
}

// ---------------------------------------------------------------- regularization and data

function modelLayers(text: string, experiment: ScannedExperiment): CallSpan[] {
  const model = entryOf(experiment, 'model');
  return model ? layerCalls(text, model.valueStart, model.valueEnd) : [];
}

function dropoutBeforeOutput(text: string, experiment: ScannedExperiment): QuickFix | undefined {
  const layers = modelLayers(text, experiment);
  const output = layers[layers.length - 1];
  if (layers.length < 2 || !inArray(text, output)) return undefined;
  const previous = layers[layers.length - 2];
  if (/dropout$/i.test(previous.callee)) return undefined;
  const ns = namespaceOf(output.callee);
  const indent = indentAt(text, output.start);
  const sameLine = text.lastIndexOf('\n', output.start - 1) < text.lastIndexOf(',', output.start - 1);
  const newText = sameLine ? `${ns}.layers.dropout({ rate: 0.3 }), ` : `${ns}.layers.dropout({ rate: 0.3 }),\n${indent}`;
  return { title: 'Add dropout (rate 0.3) before the output layer', edits: [{ start: output.start, end: output.start, newText }] };
}

function l2OnHiddenLayers(text: string, experiment: ScannedExperiment): QuickFix | undefined {
  const layers = modelLayers(text, experiment);
  const edits: SourceEdit[] = [];
  for (const layer of layers.slice(0, -1)) {
    if (!/\.(dense|conv1d|conv2d)$/.test(layer.callee)) continue;
    const literal = layerEntries(text, layer);
    if (!literal || literal.entries.some((e) => e.key === 'kernelRegularizer')) continue;
    edits.push(setEntry(text, literal.brace, literal.entries, 'kernelRegularizer', `${namespaceOf(layer.callee)}.regularizers.l2({ l2: 1e-4 })`));
  }
  return edits.length ? { title: `Add L2 weight decay (1e-4) to the hidden layer${edits.length > 1 ? 's' : ''}`, edits } : undefined;
}

function earlyStopping(text: string, experiment: ScannedExperiment): QuickFix | undefined {
  if (experiment.literal === undefined) return undefined;
  const existing = entryOf(experiment, 'earlyStopping');
  const value = '{ patience: 10, restoreBest: true }';
  const title = 'Stop early on validation loss (patience 10, restore the best weights)';
  if (existing) return text.slice(existing.valueStart, existing.valueEnd) === 'false' ? { title, edits: [{ start: existing.valueStart, end: existing.valueEnd, newText: value }] } : undefined;
  return { title, edits: [setEntry(text, experiment.literal, experiment.entries, 'earlyStopping', value)] };
}

function setDataOption(text: string, experiment: ScannedExperiment, key: string, value: string, title: string): QuickFix | undefined {
  const data = entryOf(experiment, 'data');
  if (!data) return undefined;
  const call = callAt(text, data.valueStart);
  if (!call) return undefined;
  const brace = objectArgumentAnywhere(text, call);
  if (brace === undefined) return undefined;
  const entries = objectEntries(text, brace);
  const current = entries.find((e) => e.key === key);
  if (current && text.slice(current.valueStart, current.valueEnd) === value) return undefined;
  return { title, edits: [setEntry(text, brace, entries, key, value)] };
}

/** The first argument of a call that is an object literal (datasets.csv('file', { ... }) has it second). */
function objectArgumentAnywhere(text: string, call: CallSpan): number | undefined {
  for (let i = call.open + 1; i < call.close; i++) {
    const skipped = skipNonCode(text, i);
    if (skipped !== i) {
      i = skipped - 1;
      continue;
    }
    if (text[i] === '{') return i;
    if (text[i] === '(' || text[i] === '[') i = matchClose(text, i);
  }
  return undefined;
}

// ---------------------------------------------------------------- edit helpers

/** Replaces a key's value, or adds `key: value` at the end of the literal in its layout (one line or one per line). */
function setEntry(text: string, brace: number, entries: ObjectEntry[], key: string, value: string): SourceEdit {
  const existing = entries.find((e) => e.key === key);
  if (existing) return { start: existing.valueStart, end: existing.valueEnd, newText: value };
  const close = matchClose(text, brace);
  const last = entries[entries.length - 1];
  if (!last) return { start: brace + 1, end: close, newText: ` ${key}: ${value} ` };
  const multiline = text.slice(brace, close).includes('\n') && text.slice(last.valueEnd, close).includes('\n');
  const hasComma = last.entryEnd > last.valueEnd;
  if (multiline) {
    const indent = indentAt(text, last.keyStart);
    return { start: last.entryEnd, end: last.entryEnd, newText: `${hasComma ? '' : ','}\n${indent}${key}: ${value}${hasComma ? ',' : ''}` };
  }
  return { start: last.valueEnd, end: last.valueEnd, newText: `, ${key}: ${value}` };
}

/** Removes a `key: value` entry and its comma. */
function removeEntry(text: string, entry: ObjectEntry): SourceEdit {
  let end = entry.entryEnd;
  while (text[end] === ' ') end++;
  let start = entry.keyStart;
  // The last entry without a trailing comma: take the comma before it instead.
  if (entry.entryEnd === entry.valueEnd) {
    let i = start - 1;
    while (i > 0 && /\s/.test(text[i])) i--;
    if (text[i] === ',') start = i;
  }
  return { start, end, newText: '' };
}

function insertAfterInArray(text: string, call: CallSpan, newCall: string): SourceEdit {
  const indent = indentAt(text, call.start);
  const sameLine = !text.slice(text.lastIndexOf('\n', call.start - 1) + 1, call.start).trim() ? false : true;
  let i = call.close + 1;
  while (i < text.length && /[ \t]/.test(text[i])) i++;
  const sep = sameLine ? ' ' : `\n${indent}`;
  if (text[i] === ',') return { start: i + 1, end: i + 1, newText: `${sep}${newCall},` };
  return { start: call.close + 1, end: call.close + 1, newText: `,${sep}${newCall}` };
}

function previousCodeChar(text: string, i: number): string {
  let j = i - 1;
  while (j >= 0 && /\s/.test(text[j])) j--;
  return text[j] ?? '';
}

function nextCodeChar(text: string, i: number): string {
  let j = i;
  while (j < text.length && /\s/.test(text[j])) j++;
  return text[j] ?? '';
}
