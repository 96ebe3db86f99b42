// Every command explains itself: --help / -h / `help <command>` print its usage, every flag with its meaning
// and an example, exit 0; a mistyped flag or command says what was meant; the README's reference is the
// one the command table makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_SPECS, helpText } from '../src/cli/commandSpecs';
import { closestMatch, editDistance } from '../src/engine/util/didYouMean';
import { withGeneratedSections } from '../scripts/readmeSections';

const cli = path.join(__dirname, '..', 'bin', 'modellab.js');

function modellab(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('every command answers --help, -h and `help <command>` with its flags and an example, exit 0', () => {
  for (const spec of COMMAND_SPECS) {
    const names = [spec.name, ...(spec.aliases ?? [])];
    for (const argv of [[spec.name, '--help'], [spec.name, '-h'], ['help', spec.name], [names.at(-1)!, 'some/file.ts', '--epochs', '3', '-h']]) {
      const r = modellab(argv);
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, helpText(spec), argv.join(' '));
    }
    const text = helpText(spec);
    assert.match(text, new RegExp(`^Usage: modellab ${spec.name}`, 'm'));
    for (const f of spec.flags) assert.ok(text.includes(`--${f.name}`), `${spec.name} --help lists --${f.name}`);
    assert.match(text, /^Examples?:\n {2}modellab /m);
  }
  const overview = modellab(['--help']);
  assert.equal(overview.code, 0);
  for (const spec of COMMAND_SPECS) assert.match(overview.stdout, new RegExp(`^ {2}${spec.name} `, 'm'));
});

test('an unknown flag or command says which was meant; a single-dash option is no file name; exit 2', () => {
  const flag = modellab(['train', 'x.model.ts', '--epoch', '3']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /Unknown option --epoch for `modellab train`\. Did you mean --epochs\?/);
  const far = modellab(['export', 'run-1', '--colour', 'red']);
  assert.equal(far.code, 2);
  assert.doesNotMatch(far.stderr, /Did you mean/);
  assert.match(far.stderr, /modellab export --help/);
  const command = modellab(['trian', 'x.model.ts']);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /Unknown command 'trian'\. Did you mean 'train'\?/);
  const dash = modellab(['train', '-epochs', '3', 'x.model.ts']);
  assert.equal(dash.code, 2);
  assert.match(dash.stderr, /Unknown option -epochs: options take two dashes \(--epochs\)/);
  const missing = modellab(['show']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /`modellab show` needs <runId>/);
});

test('the README command reference is the one the command table makes (npm run docs:readme)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  assert.equal(readme, withGeneratedSections(readme), 'README.md is stale: run `npm run docs:readme`');
});

test('closestMatch: near misses, prefixes and swaps are matched; unrelated names are not', () => {
  assert.equal(editDistance('epcohs', 'epochs'), 1);
  assert.equal(closestMatch('epoch', ['epochs', 'seed']), 'epochs');
  assert.equal(closestMatch('batchsize', ['batch-size', 'seed']), 'batch-size');
  assert.equal(closestMatch('validationSplt', ['validationSplit', 'testSplit', 'normalize']), 'validationSplit');
  assert.equal(closestMatch('patiense', ['patience', 'monitor', 'minDelta']), 'patience');
  assert.equal(closestMatch('colour', ['out', 'opset', 'best']), undefined);
  assert.equal(closestMatch('x', ['json']), undefined);
});
