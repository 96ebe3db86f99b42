// Every `modellab` command and its flags, in one table. The parser (which flags exist, which take a value),
// `--help`, "did you mean" and the README's command reference are all made from it, so they cannot drift.
import { BACKEND_REQUESTS, DEFAULT_OPSET, MAX_OPSET, MIN_OPSET } from '../engine';

export interface FlagSpec {
  name: string;
  /** What the value looks like (N, DIR, NAME=VALUE); absent for a switch. */
  value?: string;
  /** One line: what it does. */
  help: string;
  /** What applies when the flag is absent. */
  default?: string;
  /** May be given more than once (each value counts). */
  repeatable?: boolean;
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  /** The positional arguments, as the usage line shows them. */
  args: string;
  /** One line for the command list. */
  summary: string;
  flags: FlagSpec[];
  examples: string[];
}

const BACKENDS = BACKEND_REQUESTS.join('|');

const experiment: FlagSpec = { name: 'experiment', value: 'NAME', help: 'the experiment to use, by its name or export name', default: 'the first in the file' };
const epochs: FlagSpec = { name: 'epochs', value: 'N', help: 'train for N epochs', default: "the experiment's" };
const batchSize: FlagSpec = { name: 'batch-size', value: 'N', help: 'samples per training step', default: "the experiment's" };
const seed: FlagSpec = { name: 'seed', value: 'N', help: 'seed for weights, shuffles and splits', default: "the experiment's" };
const backend: FlagSpec = { name: 'backend', value: BACKENDS, help: 'where to train: auto takes the fastest that works here', default: 'auto' };
const runsDir: FlagSpec = { name: 'runs-dir', value: 'DIR', help: 'the runs folder', default: ".modellab/runs of the model file's workspace" };
const readRunsDir: FlagSpec = { name: 'runs-dir', value: 'DIR', help: 'the runs folder to read', default: 'the nearest .modellab/runs at or above the current folder' };
const json: FlagSpec = { name: 'json', help: 'print one JSON object per line instead of text' };
const parallel: FlagSpec = { name: 'parallel', value: 'N|auto', help: 'runs trained side by side (auto: half the cores)', default: "the experiment's, else 1" };
const best: FlagSpec = { name: 'best', help: "the best epoch's model (excludes --last)", default: 'on' };
const last: FlagSpec = { name: 'last', help: "the last epoch's model (excludes --best)" };

export const COMMAND_SPECS: CommandSpec[] = [
  {
    name: 'train',
    args: '<file>',
    summary: 'train an experiment of a model file and record the run',
    flags: [
      experiment,
      epochs,
      batchSize,
      seed,
      backend,
      runsDir,
      { name: 'probe-every', value: 'N', help: 'steps between activation probes', default: 'about four per epoch' },
      { name: 'no-stop-on-divergence', help: 'keep training after NaN/Inf or an exploding loss' },
      { name: 'param', value: 'NAME=VALUE', help: 'a hyperparameter for model(params), as a sweep trial gets it', repeatable: true },
      json,
    ],
    examples: ['modellab train samples/digits-mlp.model.ts', 'modellab train my.model.ts --experiment wide --epochs 5 --json'],
  },
  {
    name: 'lr-find',
    args: '<file>',
    summary: 'learning-rate range test: suggest a learning rate (records no run)',
    flags: [
      experiment,
      { name: 'min-lr', value: 'X', help: 'the learning rate to start from', default: '1e-7' },
      { name: 'max-lr', value: 'X', help: 'the learning rate to end at', default: '10' },
      { name: 'steps', value: 'N', help: 'training steps over the range', default: '100' },
      batchSize,
      seed,
      backend,
      json,
    ],
    examples: ['modellab lr-find samples/digits-mlp.model.ts'],
  },
  {
    name: 'sweep',
    args: '<file>',
    summary: "train the experiment's declared hyperparameter sweep, one run per trial",
    flags: [experiment, { name: 'trials', value: 'N', help: 'trials to train', default: "the sweep's (10 for random)" }, parallel, epochs, batchSize, seed, backend, runsDir, json],
    examples: ['modellab sweep samples/iris-sweep.model.ts --parallel auto'],
  },
  {
    name: 'cross-validate',
    aliases: ['cv'],
    args: '<file>',
    summary: 'k-fold cross-validation: one run per fold, then mean ± std',
    flags: [experiment, { name: 'folds', value: 'N', help: 'number of folds (≥ 2)', default: "the experiment's crossValidation.folds" }, parallel, epochs, batchSize, seed, backend, runsDir, json],
    examples: ['modellab cross-validate samples/breast-cancer-cv.model.ts', 'modellab cv my.model.ts --folds 3'],
  },
  {
    name: 'runs',
    args: '',
    summary: 'list the recorded runs, newest first',
    flags: [readRunsDir, json],
    examples: ['modellab runs', 'modellab runs --runs-dir other/project/.modellab/runs'],
  },
  {
    name: 'show',
    args: '<runId>',
    summary: 'one run: its config, metrics, diagnostics (an id prefix is enough)',
    flags: [readRunsDir, json],
    examples: ['modellab show 20261207-113500-digits-mlp'],
  },
  {
    name: 'export',
    args: '<runId | model dir>',
    summary: "write a run's model as ONNX, verified against TensorFlow.js with onnxruntime",
    flags: [
      { name: 'out', value: 'FILE', help: 'where to write the .onnx file', default: 'model.onnx in the run folder' },
      { name: 'opset', value: 'N', help: `ONNX opset, ${MIN_OPSET}–${MAX_OPSET}`, default: String(DEFAULT_OPSET) },
      best,
      last,
      { name: 'no-verify', help: 'skip the check against onnxruntime' },
      readRunsDir,
      json,
    ],
    examples: ['modellab export 20261207-113500-digits-mlp --out digits.onnx'],
  },
  {
    name: 'backend',
    args: '<status | install NAME | remove NAME>',
    summary: 'which backends can train here (each tried for real); install or remove tensorflow / tensorflow-gpu',
    flags: [
      { name: 'workspace', value: 'DIR', help: "a workspace whose node_modules is searched for native backends", default: 'the current folder' },
      json,
    ],
    examples: ['modellab backend status', 'modellab backend install tensorflow', 'modellab backend remove tensorflow-gpu', 'modellab backend status --json'],
  },
  {
    name: 'evaluate',
    args: '<runId>',
    summary: "a run's model on the held-out test split, recorded on the run",
    flags: [best, last, readRunsDir, json],
    examples: ['modellab evaluate 20261207-113500-digits-mlp --last'],
  },
];

/** The command a name (or alias) stands for. */
export function commandSpec(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => c.name === name || c.aliases?.includes(name));
}

/** `modellab train <file> [--experiment NAME] … [--param NAME=VALUE]... [--json]` */
export function usageLine(spec: CommandSpec): string {
  const flags = spec.flags.map((f) => `[--${f.name}${f.value ? ` ${f.value}` : ''}]${f.repeatable ? '...' : ''}`);
  return ['modellab', spec.name, spec.args, ...flags].filter(Boolean).join(' ');
}

/** What `modellab <command> --help` prints. */
export function helpText(spec: CommandSpec): string {
  const label = (f: FlagSpec) => `--${f.name}${f.value ? ` ${f.value}` : ''}`;
  const width = Math.max(...spec.flags.map((f) => label(f).length), '-h, --help'.length);
  const line = (left: string, text: string) => `  ${left.padEnd(width)}  ${text}`;
  const flags = [
    ...spec.flags.map((f) => line(label(f), `${f.help}${f.repeatable ? ' (repeatable)' : ''}${f.default ? ` (default: ${f.default})` : ''}`)),
    line('-h, --help', 'show this help'),
  ];
  return [
    `modellab ${spec.name}: ${spec.summary}${spec.aliases?.length ? ` (alias: ${spec.aliases.join(', ')})` : ''}`,
    '',
    `Usage: ${usageLine(spec)}`,
    '',
    'Options:',
    ...flags,
    '',
    `Example${spec.examples.length > 1 ? 's' : ''}:`,
    ...spec.examples.map((e) => `  ${e}`),
    '',
    'Exit codes: 0 success, 1 training failed, 2 bad input.',
    '',
  ].join('\n');
}

/** What `modellab --help` prints. */
export function overviewText(version: string): string {
  const width = Math.max(...COMMAND_SPECS.map((c) => c.name.length));
  return [
    `Model Lab ${version}: train TensorFlow.js models defined in .ts files, and keep every run.`,
    '',
    'Usage: modellab <command> [options]',
    '',
    'Commands:',
    ...COMMAND_SPECS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}${c.aliases?.length ? ` (alias: ${c.aliases.join(', ')})` : ''}`),
    '',
    "Run 'modellab <command> --help' (or 'modellab help <command>') for a command's options and an example.",
    'Exit codes: 0 success, 1 training failed, 2 bad input.',
    '',
  ].join('\n');
}

/** The README's command reference (between its `cli-reference` markers), made from the same table. */
export function markdownReference(): string {
  const out: string[] = [];
  for (const spec of COMMAND_SPECS) {
    out.push(`#### \`modellab ${spec.name}\`${spec.aliases?.length ? ` (alias \`${spec.aliases.join('`, `')}\`)` : ''}`, '', `${capitalize(spec.summary)}.`, '', '```', usageLine(spec), '```', '');
    out.push('| option | meaning | default |', '| --- | --- | --- |');
    for (const f of spec.flags) out.push(`| ${escapeCell(`\`--${f.name}${f.value ? ` ${f.value}` : ''}\``)} | ${escapeCell(f.help)}${f.repeatable ? ' (repeatable)' : ''} | ${f.default ? escapeCell(f.default) : ''} |`);
    out.push('', `Example: \`${spec.examples[0]}\``, '');
  }
  return out.join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
